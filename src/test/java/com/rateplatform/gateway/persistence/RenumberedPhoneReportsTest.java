package com.rateplatform.gateway.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.rateplatform.gateway.message.Ids;
import com.rateplatform.gateway.message.Item;
import com.rateplatform.gateway.message.ItemResult;
import com.rateplatform.gateway.message.RequestData;
import com.rateplatform.gateway.message.RequestMessage;
import com.rateplatform.gateway.message.ResponseMessage;
import com.rateplatform.gateway.support.FreshSchema;
import com.rateplatform.gateway.validation.ItemValidator;
import com.rateplatform.gateway.validation.ValidationProcessor;

/**
 * A {@code check} of a number from before Vietnam's renumbering counts the reports imported under the current number
 * it became: the validator's result (PHONE_RENUMBERED) goes through the same ItemStore and ReportLookup as in the
 * validate-request route, against real PostgreSQL.
 */
class RenumberedPhoneReportsTest {

    private static final ValidationProcessor VALIDATOR = new ValidationProcessor(ItemValidator.load(""), Clock.systemUTC());

    private static FreshSchema schema;

    @BeforeAll
    static void schema() {
        schema = new FreshSchema();
    }

    @AfterAll
    static void dropSchema() throws SQLException {
        schema.close();
    }

    @ParameterizedTest(name = "a check of {1} finds the import of {0}")
    @CsvSource({"0329123456, 0162 912 3456", "024 3825 1234, 04 3825 1234", "+84 236 3821 234, +84 511 3821 234"})
    void a_check_of_an_old_number_reports_what_was_imported_under_its_current_number(String currentPhone, String oldPhone)
            throws SQLException {
        RequestMessage imported = request("import", new Item("row-1", "Lê Văn Cường", currentPhone, null, null, null));
        try (ItemStore items = new ItemStore(schema.dataSource(), new Ids(), 10, java.time.Duration.ZERO, java.time.Duration.ofSeconds(10))) {
            items.record(imported, VALIDATOR.validate(imported)).join();
        }

        RequestMessage check = request("check", new Item("item_001", null, oldPhone, null, null, null));
        ResponseMessage answered = new ReportLookup(schema.dataSource()).addReports(VALIDATOR.validate(check));

        ItemResult result = answered.results().get(0);
        assertThat(result.errorCode()).isEqualTo("PHONE_RENUMBERED");
        assertThat(result.details().get("reports")).isInstanceOfSatisfying(Map.class,
                reports -> assertThat(reports.get("count")).isEqualTo(1L));
    }

    private static RequestMessage request(String action, Item item) {
        return new RequestMessage(UUID.randomUUID().toString(), "import".equals(action) ? "importer" : "extension", "user-1",
                action, new RequestData(List.of(item)), "normal", null, Instant.now().toString());
    }
}
