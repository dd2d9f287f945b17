package io.kept.analytics.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RowsTest {

    private static String csvOf(Object customer, Object amount) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("customer_id", customer);
        row.put("amount", amount);
        return Rows.of(List.of("customer_id", "amount"), List.of(row)).csv();
    }

    @Test
    void textASpreadsheetWouldRunAsAFormulaIsNeutralised() {
        assertThat(csvOf("=HYPERLINK(\"http://evil.example\",\"click\")", 1))
                .isEqualTo("customer_id,amount\n\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"click\"\")\",1\n");
        assertThat(csvOf("+cmd|' /C calc'!A0", 1)).startsWith("customer_id,amount\n\"'+cmd|");
        assertThat(csvOf("-2+3", 1)).isEqualTo("customer_id,amount\n\"'-2+3\",1\n");
        assertThat(csvOf("@SUM(A1:A9)", 1)).isEqualTo("customer_id,amount\n\"'@SUM(A1:A9)\",1\n");
        assertThat(csvOf("\tx", 1)).isEqualTo("customer_id,amount\n\"'\tx\",1\n");
        assertThat(csvOf("\rx", 1)).isEqualTo("customer_id,amount\n\"'\rx\",1\n");
    }

    @Test
    void numbersAndOrdinaryTextAreLeftAsTheyAre() {
        assertThat(csvOf("cat", new BigDecimal("-20.5"))).isEqualTo("customer_id,amount\ncat,-20.5\n");
        assertThat(csvOf("c-1", -3)).isEqualTo("customer_id,amount\nc-1,-3\n");
        assertThat(csvOf(null, null)).isEqualTo("customer_id,amount\n,\n");
    }
}
