package io.kept.e2e;

import java.time.LocalDate;
import java.util.List;
import java.util.regex.Matcher;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Bad input a real client sends, one row per case: which service, the request, the status Kept
 * answers and the field its problem+json names. Every row must be a 4xx, never a 5xx.
 */
record BadInput(String service, String method, String path, String body, int status, String field) {

    static final String PROMISE = "promise";
    static final String RECOVERY = "recovery";
    static final String FOLLOWUP = "followup";
    static final String ANALYTICS = "analytics";

    /** A promise that exists, made now, for the reports dated before it. */
    static final String MADE = "bad-input-made";

    static String guarantee(String field, String json) {
        String base = "{\"name\":\"Bad\",\"customerProblem\":\"p\",\"promise\":\"s\",\"target\":\"PT4H\",\"calendar\":\"24x7\","
                + "\"objective\":0.9}";
        return base.replaceFirst("\"" + field + "\":[^,}]*", Matcher.quoteReplacement("\"" + field + "\":" + json));
    }

    static String calendarWithHolidays(int count) {
        return "{\"zone\":\"Europe/Berlin\",\"hours\":{\"monday\":[{\"from\":\"09:00\",\"to\":\"17:00\"}]},\"holidays\":["
                + IntStream.range(0, count).mapToObj(i -> "\"" + LocalDate.of(2000, 1, 1).plusDays(i % 60_000) + "\"")
                        .collect(Collectors.joining(",")) + "]}";
    }

    static String promise(String field, String json) {
        String base = "{\"guaranteeId\":\"delivery\",\"customerId\":\"c-bad\"}";
        return field.equals("customerId") || field.equals("guaranteeId")
                ? base.replaceFirst("\"" + field + "\":\"[^\"]*\"", Matcher.quoteReplacement("\"" + field + "\":" + json))
                : base.replace("}", ",\"" + field + "\":" + json + "}");
    }

    static String cloudEvent(String type, String data) {
        return "{\"specversion\":\"1.0\",\"id\":\"ce-bad-" + type.hashCode() + "\",\"source\":\"/shop\",\"type\":\"" + type
                + "\",\"datacontenttype\":\"application/json\",\"data\":" + data + "}";
    }

    static List<BadInput> corpus() {
        String far = "\"+300000-01-01T00:00:00Z\"";
        String ancient = "\"-5000-01-01T00:00:00Z\"";
        return List.of(
                // promise-service: guarantees and calendars
                new BadInput(PROMISE, "PUT", "/guarantees/bad-g", guarantee("name", "\"a\\u0000b\""), 400, "name"),
                new BadInput(PROMISE, "PUT", "/guarantees/bad-g", guarantee("target", "\"P100000000D\""), 400, "target"),
                new BadInput(PROMISE, "PUT", "/guarantees/bad-g", guarantee("target", "\"PT0S\""), 400, "target"),
                new BadInput(PROMISE, "PUT", "/guarantees/bad-g", guarantee("target", "\"PT30S\""), 400, "target"),
                new BadInput(PROMISE, "PUT", "/guarantees/bad-g", guarantee("target", "\"two days\""), 400, "target"),
                new BadInput(PROMISE, "PUT", "/guarantees/bad-g", guarantee("objective", "1.5"), 400, "objective"),
                new BadInput(PROMISE, "PUT", "/guarantees/bad-g", guarantee("calendar", "\"no-such-calendar\""), 422, "calendar"),
                new BadInput(PROMISE, "PUT", "/guarantees/bad-g", "{\"name\":", 400, null),
                new BadInput(PROMISE, "PUT", "/guarantees/bad-g", "[]", 400, null),
                new BadInput(PROMISE, "PUT", "/guarantees/bad-g", guarantee("name", "\"x\",\"colour\":\"red\""), 400, "colour"),
                new BadInput(PROMISE, "PUT", "/guarantees/bad%00g", guarantee("name", "\"x\""), 400, "id"),
                new BadInput(PROMISE, "PUT", "/calendars/bad-c", calendarWithHolidays(100_000), 400, "holidays"),
                new BadInput(PROMISE, "PUT", "/calendars/bad-c", "{\"zone\":\"Mars/Olympus\",\"hours\":{}}", 400, "zone"),
                new BadInput(PROMISE, "PUT", "/calendars/bad-c",
                        "{\"zone\":\"UTC\",\"hours\":{\"monday\":[{\"from\":\"25:00\",\"to\":\"26:00\"}]}}", 400, null),
                new BadInput(PROMISE, "PUT", "/calendars/bad-c",
                        "{\"zone\":\"UTC\",\"hours\":{},\"holidays\":[\"+300000-01-01\"]}", 400, null),
                new BadInput(PROMISE, "PUT", "/calendars/24x7", "{\"zone\":\"UTC\",\"hours\":{}}", 422, "id"),
                // promise-service: promises
                new BadInput(PROMISE, "POST", "/promises", promise("customerId", "\"c\\u0000\""), 400, "customerId"),
                new BadInput(PROMISE, "POST", "/promises", promise("customerId", "\"" + "c".repeat(201) + "\""), 400, "customerId"),
                new BadInput(PROMISE, "POST", "/promises", promise("madeAt", far), 400, "madeAt"),
                new BadInput(PROMISE, "POST", "/promises", promise("madeAt", ancient), 400, "madeAt"),
                new BadInput(PROMISE, "POST", "/promises", promise("madeAt", "\"yesterday\""), 400, "madeAt"),
                new BadInput(PROMISE, "POST", "/promises", promise("dueAt", "\"2000-01-01T00:00:00Z\""), 422, "dueAt"),
                new BadInput(PROMISE, "POST", "/promises", promise("guaranteeId", "\"no-such-guarantee\""), 422, "guaranteeId"),
                new BadInput(PROMISE, "POST", "/promises", "{\"customerId\":\"c\"}", 400, "guaranteeId"),
                new BadInput(PROMISE, "POST", "/promises/" + MADE + "/kept", "{\"keptAt\":\"1990-01-01T00:00:00Z\"}", 422, "keptAt"),
                new BadInput(PROMISE, "POST", "/promises/" + MADE + "/kept", "{\"keptAt\":" + far + "}", 400, "keptAt"),
                new BadInput(PROMISE, "POST", "/promises/" + MADE + "/broken",
                        "{\"category\":\"oops\",\"severity\":\"major\"}", 400, "category"),
                new BadInput(PROMISE, "POST", "/promises/" + MADE + "/broken", "{\"category\":\"mistake\"}", 400, "severity"),
                new BadInput(PROMISE, "POST", "/promises/" + MADE + "/broken",
                        "{\"category\":\"mistake\",\"severity\":\"major\",\"brokenAt\":\"1990-01-01T00:00:00Z\"}", 422, "brokenAt"),
                new BadInput(PROMISE, "POST", "/promises/" + MADE + "/paused", "{\"reason\":\"r\\u0000\"}", 400, "reason"),
                new BadInput(PROMISE, "GET", "/promises?status=nonsense", null, 400, "status"),
                new BadInput(PROMISE, "GET", "/promises?size=100000", null, 400, null),
                new BadInput(PROMISE, "GET", "/promises?customerId=%00", null, 400, "customerId"),
                new BadInput(PROMISE, "GET", "/promises/%00", null, 400, "id"),
                new BadInput(PROMISE, "POST", "/events", "{\"specversion\":\"1.0\",\"id\":\"x\",\"source\":\"/shop\"}", 400, null),
                new BadInput(PROMISE, "POST", "/events", cloudEvent("io.kept.promise.made",
                        "{\"guaranteeId\":\"delivery\",\"customerId\":\"c\",\"madeAt\":" + far + "}"), 400, "data.madeAt"),
                new BadInput(PROMISE, "POST", "/events", cloudEvent("io.kept.promise.made",
                        "{\"guaranteeId\":\"delivery\",\"customerId\":\"c\\u0000\"}"), 400, "data.customerId"),
                new BadInput(PROMISE, "POST", "/events", cloudEvent("io.kept.no.such.type", "{}"), 400, null),
                new BadInput(PROMISE, "POST", "/events", "{\"specversion\":\"1.0\",\"id\":\"ce-far\",\"source\":\"/shop\","
                        + "\"type\":\"io.kept.promise.made\",\"subject\":\"p-far\",\"time\":\"+30000-01-01T00:00:00Z\","
                        + "\"data\":{\"guaranteeId\":\"delivery\",\"customerId\":\"c\"}}", 400, "time"),
                new BadInput(PROMISE, "POST", "/events", "{\"specversion\":\"1.0\",\"id\":\"" + "i".repeat(20_000)
                        + "\",\"source\":\"/shop\",\"type\":\"io.kept.promise.made\",\"subject\":\"p-long\","
                        + "\"data\":{\"guaranteeId\":\"delivery\",\"customerId\":\"c\"}}", 400, "id"),
                // recovery-service
                new BadInput(RECOVERY, "POST", "/recoveries/r-none/acknowledged", "{\"apology\":\"so\\u0000rry\"}", 400, "apology"),
                new BadInput(RECOVERY, "POST", "/recoveries/r-none/acknowledged", "{\"by\":\"a\",\"apology\":\"sorry\"}", 400, "by"),
                new BadInput(RECOVERY, "POST", "/recoveries/r-none/acknowledged",
                        "{\"apology\":\"sorry\",\"at\":" + far + "}", 400, "at"),
                new BadInput(RECOVERY, "POST", "/recoveries/r-none/acknowledged", "{\"at\":null}", 400, "apology"),
                new BadInput(RECOVERY, "POST", "/recoveries/r-none/resolved", "{\"resolution\":\"r\",\"compensation\":"
                        + "{\"kind\":\"credit\",\"amount\":-5,\"currency\":\"EUR\"}}", 400, null),
                new BadInput(RECOVERY, "POST", "/recoveries/r-none/abandoned", "{}", 400, "reason"),
                new BadInput(RECOVERY, "POST", "/recoveries/r-none/abandoned", "{\"reason\":\"gone\"}", 404, null),
                new BadInput(RECOVERY, "GET", "/recoveries?status=bogus", null, 400, "status"),
                new BadInput(RECOVERY, "GET", "/recoveries?customerId=%00", null, 400, "customerId"),
                new BadInput(RECOVERY, "GET", "/recoveries/%00", null, 400, "id"),
                // followup-service
                new BadInput(FOLLOWUP, "POST", "/followups/f-none/completed", "{\"satisfied\":true,\"score\":9}", 400, "score"),
                new BadInput(FOLLOWUP, "POST", "/followups/f-none/completed",
                        "{\"satisfied\":true,\"score\":4,\"comment\":\"ok\\u0000\"}", 400, "comment"),
                new BadInput(FOLLOWUP, "POST", "/followups/f-none/cancelled", "{\"reason\":\"r\",\"at\":" + ancient + "}", 400, "at"),
                new BadInput(FOLLOWUP, "POST", "/customers/c-bad/returned", "{\"reference\":\"a\\u0000\"}", 400, "reference"),
                new BadInput(FOLLOWUP, "POST", "/customers/c-bad/returned", "{\"at\":" + far + "}", 400, "at"),
                new BadInput(FOLLOWUP, "POST", "/customers/c%00/returned", "{}", 400, "id"),
                new BadInput(FOLLOWUP, "GET", "/followups?status=bogus", null, 400, "status"),
                new BadInput(FOLLOWUP, "GET", "/followups/%00", null, 400, "id"),
                // analytics-service
                new BadInput(ANALYTICS, "GET", "/analytics/compliance?to=-999999999-01-01", null, 400, "to"),
                new BadInput(ANALYTICS, "GET", "/analytics/compliance?from=+300000-01-01", null, 400, "from"),
                new BadInput(ANALYTICS, "GET", "/analytics/compliance?from=2026-13-45", null, 400, "from"),
                new BadInput(ANALYTICS, "GET", "/analytics/compliance?from=2026-03-05&to=2026-03-01", null, 400, "from"),
                new BadInput(ANALYTICS, "GET", "/analytics/compliance?groupBy=month", null, 400, "groupBy"),
                new BadInput(ANALYTICS, "GET", "/analytics/compliance?guaranteeId=%00", null, 400, "guaranteeId"),
                new BadInput(ANALYTICS, "GET", "/analytics/recoveries?to=99999-01-01", null, 400, "to"),
                new BadInput(ANALYTICS, "GET", "/analytics/followups?from=1900-01-01", null, 400, "from"),
                new BadInput(ANALYTICS, "GET", "/analytics/customers/%00/timeline", null, 400, "id"),
                new BadInput(ANALYTICS, "GET", "/analytics/customers/c/timeline?size=0", null, 400, null),
                new BadInput(ANALYTICS, "GET", "/analytics/at-risk?size=5000", null, 400, null));
    }

    @Override
    public String toString() {
        String shown = body == null ? "" : " " + (body.length() > 80 ? body.substring(0, 80) + "..." : body);
        return service + " " + method + " " + path + shown;
    }
}
