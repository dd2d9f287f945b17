package io.kept.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kept.events.Roles;
import io.kept.testkit.Api;
import io.kept.testkit.KafkaResource;
import io.kept.testkit.PostgresResource;
import io.kept.testkit.Tokens;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard at {@code /} in headless Chromium (Debian's {@code chromium} and {@code chromium-driver}, which
 * {@code .ci/run} installs), on the scripted day and its evening: every table shows exactly what the REST read
 * answers, every chart draws those numbers, the filters live in the address, and a caller without the reader role
 * is asked to sign in. A failing test leaves a screenshot under {@code target/dashboard/}.
 */
@QuarkusTest
@TestProfile(BudgetsIT.Budgets.class)
@WithTestResource(PostgresResource.class)
@WithTestResource(value = KafkaResource.class, initArgs = @ResourceArg(name = KafkaResource.TOPICS, value = ScriptedDay.TOPICS))
class DashboardIT {

    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final Path SHOTS = Path.of("target", "dashboard");
    private static WebDriver browser;

    @BeforeAll
    static void openTheBrowser() {
        String chromium = System.getProperty("kept.chromium", "/usr/bin/chromium");
        String driver = System.getProperty("kept.chromedriver", "/usr/bin/chromedriver");
        assertThat(new File(chromium).canExecute()).as("Chromium (apt-get install chromium chromium-driver, as .ci/run does)").isTrue();
        assertThat(new File(driver).canExecute()).as("chromedriver (apt-get install chromium-driver, as .ci/run does)").isTrue();
        ChromeOptions options = new ChromeOptions().setBinary(chromium)
                .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                        "--window-size=1400,2600", "--lang=en-US");
        browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(new File(driver)).build(), options);
    }

    @AfterAll
    static void closeTheBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @BeforeEach
    void dataAndAFreshTab(TestInfo test) {
        BudgetsIT.publishTheDayAndTheEvening();
        currentTest = test.getTestMethod().map(m -> m.getName()).orElse("dashboard");
    }

    private static String currentTest;

    private static String base() {
        return "http://localhost:" + RestAssured.port;
    }

    private static String readerToken() {
        return Tokens.test("dashboard-viewer", List.of(Roles.READER));
    }

    /** Opens the page, signed in, and waits until every panel has been read once. */
    private static void open(String query) {
        browser.get(base() + "/" + query + "#token=" + readerToken());
        waitForRefresh();
    }

    private static void waitForRefresh() {
        String before = loaded();
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(b -> {
            String now = loaded();
            return now != null && !now.equals(before);
        });
    }

    private static String loaded() {
        List<WebElement> main = browser.findElements(By.id("dashboard"));
        return main.isEmpty() ? null : main.get(0).getAttribute("data-loaded");
    }

    private static void check(Runnable assertions) {
        try {
            assertions.run();
        } catch (AssertionError | RuntimeException e) {
            try {
                screenshot(currentTest);
                Files.writeString(SHOTS.resolve(currentTest + ".html"), browser.getPageSource());
            } catch (Exception ignored) {
                // the assertion is what matters
            }
            throw e;
        }
    }

    private static void screenshot(String name) {
        try {
            Files.createDirectories(SHOTS);
            File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
            Files.copy(shot.toPath(), SHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The rows of a panel's table, each cell's text by its column key, read at once (the page redraws every few s). */
    @SuppressWarnings("unchecked")
    private static List<Map<String, String>> table(String panel) {
        List<Map<String, Object>> rows = (List<Map<String, Object>>) ((JavascriptExecutor) browser).executeScript(
                "return [...document.querySelectorAll('#' + arguments[0] + ' .numbers tbody tr')].map(tr =>"
                        + " Object.fromEntries([...tr.cells].map(td => [td.dataset.key, td.textContent])));", panel);
        List<Map<String, String>> out = new ArrayList<>();
        rows.forEach(r -> {
            Map<String, String> row = new TreeMap<>();
            r.forEach((k, v) -> row.put(k, String.valueOf(v)));
            out.add(row);
        });
        return out;
    }

    /** What the REST read answers, as the page must show it: the same columns, a dash for null, numbers in full. */
    private static List<Map<String, String>> read(String path, List<String> columns) {
        String body = Api.as("dashboard-check", Roles.READER).get(path).then().statusCode(200).extract().asString();
        List<Map<String, String>> rows = new ArrayList<>();
        try {
            for (JsonNode node : JSON.readTree(body)) {
                Map<String, String> row = new TreeMap<>();
                for (String column : columns) {
                    JsonNode value = node.get(column);
                    row.put(column, value == null || value.isNull() ? "–"
                            : value.isNumber() ? value.decimalValue().stripTrailingZeros().toPlainString() : value.asText());
                }
                rows.add(row);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return rows;
    }

    @SuppressWarnings("unchecked")
    private static List<String> columns(String panel) {
        return (List<String>) ((JavascriptExecutor) browser).executeScript(
                "return [...document.querySelectorAll('#' + arguments[0] + ' .numbers thead th')].map(th => th.dataset.key);",
                panel);
    }

    private static void tableShowsTheRead(String panel, String path) {
        List<String> columns = columns(panel);
        assertThat(columns).as(panel + " columns").isNotEmpty();
        List<Map<String, String>> expected = read(path, columns);
        assertThat(expected).as(panel + ": the read " + path + " has rows to show").isNotEmpty();
        assertThat(table(panel)).as(panel + " table against " + path).isEqualTo(expected);
    }

    @SuppressWarnings("unchecked")
    private static List<Object> seriesData(String chart, String series) {
        Object data = ((JavascriptExecutor) browser).executeScript(
                "const c = echarts.getInstanceByDom(document.querySelector('[data-chart=\"' + arguments[0] + '\"]'));"
                        + "const s = c.getOption().series.find(x => x.name === arguments[1]);"
                        + "return s ? s.data.map(d => Array.isArray(d) ? d.join(',') : d === null ? null : String(d)) : null;",
                chart, series);
        return (List<Object>) data;
    }

    private static String svgText(String chart) {
        return browser.findElement(By.cssSelector("[data-chart=\"" + chart + "\"] svg")).getAttribute("textContent");
    }

    @Test
    void everyTableShowsExactlyWhatItsReadAnswers() {
        open("");
        check(() -> {
            tableShowsTheRead("compliance", "/analytics/compliance");
            tableShowsTheRead("burn-rates", "/analytics/burn-rates");
            tableShowsTheRead("recoveries", "/analytics/recoveries");
            tableShowsTheRead("followups", "/analytics/followups");
            tableShowsTheRead("patterns", "/analytics/patterns");
            tableShowsTheRead("paradox", "/analytics/paradox");
            tableShowsTheRead("at-risk", "/analytics/at-risk");
            List<Map<String, String>> trust = new ArrayList<>(read("/analytics/customers/trust?status=overdrawn", columns("trust")));
            trust.addAll(read("/analytics/customers/trust?status=spent", columns("trust")));
            assertThat(table("trust")).isEqualTo(trust);
            // At the test clock's 17:00: dan overdrawn, bob and cat spent.
            assertThat(table("trust")).extracting(r -> r.get("customer_id") + " " + r.get("status"))
                    .containsExactly("dan overdrawn", "bob spent", "cat spent");
            assertThat(browser.findElement(By.id("freshness")).getText()).startsWith("Data as of 2026-03-05T17:00:00Z");
        });
    }

    @Test
    void everyChartDrawsTheNumbersOfItsRead() {
        open("");
        check(() -> {
            // Compliance on 2026-03-02 (the only day with promises): delivery 1 of 4 decided in time, clean none.
            assertThat(seriesData("compliance", "delivery")).containsExactly("0.25");
            assertThat(seriesData("compliance", "delivery objective")).containsExactly("0.9");
            assertThat(seriesData("compliance", "clean")).containsExactly("0");
            // Burn rates at 17:00 per window, 5 min to 3 d: delivery is a ticket (see BudgetsIT).
            assertThat(seriesData("burn", "delivery (ticket)")).containsExactly("0", "0", "0", "10", "7.5");
            assertThat(seriesData("burn", "clean (ok)")).containsExactly("0", "0", "0", "0", "5");
            assertThat(svgText("burn")).contains("5 min", "30 min", "1 h", "6 h", "3 d");
            // Recoveries: one major (r3), two minor (r4, r6); r3 acknowledged in time, r4 and r6 not.
            assertThat(svgText("recoveries")).contains("major", "minor");
            assertThat(seriesData("recoveries", "opened")).containsExactlyInAnyOrder("1", "2");
            // Failures on Monday (row 0): 11:00 twice (p3, p4), 15:00 (p6), 19:00 (b5); p2, kept late, is not broken.
            assertThat(seriesData("patterns", "failures")).containsExactlyInAnyOrder("11,0,2", "15,0,1", "19,0,1");
            assertThat(browser.findElement(By.id("same-problem-twice")).getText()).contains("delivery");
            // The paradox: who came back, per cohort, as the read has it.
            List<String> cohorts = read("/analytics/paradox", List.of("cohort", "returned_rate")).stream()
                    .map(r -> r.get("returned_rate").equals("–") ? null : r.get("returned_rate")).toList();
            assertThat(seriesData("paradox", "came back")).containsExactlyElementsOf(new ArrayList<>(cohorts));
            for (String chart : List.of("compliance", "burn", "recoveries", "followups", "patterns", "paradox")) {
                WebElement element = browser.findElement(By.cssSelector("[data-chart=\"" + chart + "\"]"));
                assertThat(element.getAttribute("tabindex")).as(chart + " reachable by keyboard").isEqualTo("0");
                assertThat(element.getAttribute("aria-label")).as(chart + " described").contains("table below");
                assertThat(element.findElements(By.cssSelector("svg path"))).as(chart + " drawn").isNotEmpty();
            }
            // Everything the page loaded came from analytics-service itself: it works with no internet.
            @SuppressWarnings("unchecked")
            List<String> loaded = (List<String>) ((JavascriptExecutor) browser).executeScript(
                    "return performance.getEntriesByType('resource').map(e => e.name);");
            assertThat(loaded).isNotEmpty().allMatch(url -> url.startsWith(base() + "/"));
        });
        // The picture in the READMEs (docs/dashboard.png) is this one.
        screenshot("dashboard");
    }

    @Test
    void theFiltersLiveInTheAddressSoAViewCanBeShared() {
        open("?guaranteeId=clean");
        check(() -> {
            assertThat(table("compliance")).extracting(r -> r.get("guarantee_id")).containsOnly("clean");
            assertThat(table("burn-rates")).extracting(r -> r.get("guarantee_id")).containsOnly("clean");
            assertThat(new Select(browser.findElement(By.name("guaranteeId"))).getFirstSelectedOption().getText())
                    .isEqualTo("clean");

            new Select(browser.findElement(By.name("guaranteeId"))).selectByValue("delivery");
            WebElement to = browser.findElement(By.name("to"));
            ((JavascriptExecutor) browser).executeScript("arguments[0].value = '2026-03-03';", to);
            browser.findElement(By.cssSelector("#filters button[type=submit]")).click();
            waitForRefresh();

            assertThat(browser.getCurrentUrl()).contains("guaranteeId=delivery").contains("to=2026-03-03")
                    .doesNotContain("token=");
            tableShowsTheRead("compliance", "/analytics/compliance?to=2026-03-03&guaranteeId=delivery");
            tableShowsTheRead("burn-rates", "/analytics/burn-rates?guaranteeId=delivery");
        });
    }

    @Test
    void itRefreshesWithoutAReload() {
        open("");
        check(() -> {
            ((JavascriptExecutor) browser).executeScript("window.keptMarker = 'still the same page';");
            waitForRefresh();
            assertThat(((JavascriptExecutor) browser).executeScript("return window.keptMarker;")).isEqualTo("still the same page");
        });
    }

    @Test
    void aCallerWithoutTheReaderRoleIsAskedToSignIn() {
        browser.get(base() + "/");
        ((JavascriptExecutor) browser).executeScript("sessionStorage.clear();");
        // A query, so the browser loads the page again rather than only moving to the fragment.
        browser.get(base() + "/?signin=again#token=" + Tokens.test("ingest-only", List.of(Roles.INGEST)));
        check(() -> {
            new WebDriverWait(browser, Duration.ofSeconds(20)).until(b -> b.findElement(By.id("signin")).isDisplayed());
            assertThat(browser.findElement(By.id("signin-error")).getText()).contains("kept-reader");
            assertThat(browser.findElement(By.id("dashboard")).isDisplayed()).isFalse();

            browser.findElement(By.id("token")).sendKeys(readerToken());
            browser.findElement(By.cssSelector("#signin-form button")).click();
            new WebDriverWait(browser, Duration.ofSeconds(30)).until(b -> loaded() != null && b.findElement(By.id("dashboard")).isDisplayed());
            assertThat(table("paradox")).isNotEmpty();
        });
    }
}
