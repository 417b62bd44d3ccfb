package com.rateplatform.gateway.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;

import com.rateplatform.gateway.config.Roles;
import org.junit.jupiter.api.Test;

class RouteFilesTest {

    @Test
    void aWorkerLoadsTheSharedAndTheWorkerRouteFilesEachByName() {
        List<String> files = Arrays.asList(RouteFiles.includePattern(Roles.parse("worker")).split(","));

        assertThat(files).isNotEmpty().noneMatch(file -> file.contains("*"))
                .allMatch(file -> file.startsWith("classpath:routes/common-") || file.startsWith("classpath:routes/worker-"))
                .anyMatch(file -> file.startsWith("classpath:routes/worker-"))
                .anyMatch(file -> file.startsWith("classpath:routes/common-"));
    }

    @Test
    void bothRolesLoadEveryRouteFile() {
        List<String> files = Arrays.asList(RouteFiles.includePattern(Roles.parse("gateway,worker")).split(","));

        assertThat(files).anyMatch(file -> file.startsWith("classpath:routes/gateway-"))
                .anyMatch(file -> file.startsWith("classpath:routes/worker-"))
                .allMatch(file -> file.endsWith(".camel.yaml"));
    }
}
