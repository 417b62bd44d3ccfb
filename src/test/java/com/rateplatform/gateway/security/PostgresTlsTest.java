package com.rateplatform.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.rateplatform.gateway.persistence.Database;
import com.rateplatform.gateway.support.LogCapture;
import com.rateplatform.gateway.support.RunningGateway;
import com.rateplatform.gateway.support.TestCertificates;
import com.rateplatform.gateway.support.TestServers;
import com.rateplatform.gateway.support.TlsPostgres;

/**
 * {@code sslmode=verify-full}: against a PostgreSQL cluster of its own that takes TLS connections only, a gateway and
 * worker whose DB_URL names the server's authority ({@code sslrootcert}) carry a request end to end, every connection
 * encrypted; one naming another authority is refused: it does not start, and its log says why.
 */
@Tag("slow")
class PostgresTlsTest {

    private static final String REQUEST = "{\"data\": {\"items\": [{\"phone\": \"0987654321\", \"name\": \"Phạm Thị Hoa\"}]}}";
    private static final String APPLICATION_NAME = "rate-gateway-tls-test";

    @TempDir
    static Path work;
    private static TestCertificates certificates;
    private static TlsPostgres postgres;

    @BeforeAll
    static void startPostgresWithTls() throws Exception {
        assumeTrue(TlsPostgres.binaries().isPresent(), "needs PostgreSQL's initdb and pg_ctl under /usr/lib/postgresql");
        certificates = TestCertificates.create(work.resolve("tls"), "PostgreSQL TLS test CA");
        postgres = TlsPostgres.start(TlsPostgres.binaries().orElseThrow(), certificates);
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void aRequestGoesEndToEndOverVerifiedTlsWhenSslRootCertNamesTheServersAuthority() throws Exception {
        String url = url(certificates);
        try (RunningGateway gateway = RunningGateway.start(TestServers.uniquePrefix("postgres-tls"), Map.of("rate.roles", "gateway,worker",
                "rate.db.url", url, "rate.db.user", "postgres", "rate.db.password", "", "rate.db.application-name", APPLICATION_NAME))) {
            HttpResponse<String> accepted = gateway.postJson("/api/validation/validate", REQUEST);
            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
            String requestId = accepted.body().replaceAll(".*\"request_id\":\"([^\"]+)\".*", "$1");

            HttpResponse<String> done = await().atMost(Duration.ofSeconds(20))
                    .until(() -> gateway.get("/api/validation/status/" + requestId), r -> r.body().contains("\"status\":\"success\""));

            assertThat(done.body()).contains("\"e164\":\"+84987654321\"");
            try (Connection admin = DriverManager.getConnection(url, "postgres", ""); Statement statement = admin.createStatement();
                 ResultSet connections = statement.executeQuery("""
                         SELECT count(*), count(*) FILTER (WHERE s.ssl) FROM pg_stat_activity a JOIN pg_stat_ssl s USING (pid)
                          WHERE a.application_name = '%s'""".formatted(APPLICATION_NAME))) {
                connections.next();
                assertThat(connections.getLong(1)).as("the gateway's connections").isPositive();
                assertThat(connections.getLong(2)).as("of them encrypted").isEqualTo(connections.getLong(1));
            }
        }
    }

    @Test
    void aServerCertificateFromAnotherAuthorityIsRefusedAndTheGatewayDoesNotStartSayingWhy() throws Exception {
        TestCertificates otherAuthority = TestCertificates.create(work.resolve("other-tls"), "Some other CA");
        try (LogCapture database = LogCapture.of(Database.class)) {
            assertThatThrownBy(() -> RunningGateway.start(TestServers.uniquePrefix("postgres-tls"), Map.of("rate.roles", "gateway",
                    "rate.db.url", url(otherAuthority), "rate.db.user", "postgres", "rate.db.password", "")))
                    .hasStackTraceContaining("PKIX path building failed");

            assertThat(database.lines()).anySatisfy(line -> assertThat(line).startsWith("ERROR Cannot apply the migrations")
                    .contains("SSL error: PKIX path building failed").contains("sslrootcert"));
        }
    }

    private static String url(TestCertificates trusted) {
        return "jdbc:postgresql://localhost:" + postgres.port() + "/postgres?sslmode=verify-full&sslrootcert=" + trusted.authority();
    }
}
