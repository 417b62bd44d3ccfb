package com.rateplatform.gateway.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * README's configuration table names every environment variable application.properties reads, by its full name, so a
 * search for a variable finds its row and the two cannot drift apart.
 */
class ConfigurationTableTest {

    private static final Pattern ENV_PLACEHOLDER = Pattern.compile("\\{\\{env:([A-Za-z0-9_]+)");

    @Test
    void everyEnvironmentVariableOfApplicationPropertiesIsNamedInFullInTheReadme() throws IOException {
        String properties = Files.readString(Path.of("src/main/resources/application.properties"));
        String readme = Files.readString(Path.of("README.md"));
        Set<String> variables = new TreeSet<>();
        // Comments are skipped: the file's header shows the placeholder form with a made-up NAME.
        properties.lines().filter(line -> !line.stripLeading().startsWith("#")).forEach(line -> {
            Matcher placeholder = ENV_PLACEHOLDER.matcher(line);
            while (placeholder.find()) {
                variables.add(placeholder.group(1));
            }
        });

        assertThat(variables).as("variables read by application.properties").contains("REDIS_URL", "DB_URL", "HTTP_PORT");
        assertThat(variables).as("variables README.md does not name as a whole word")
                .filteredOn(name -> !Pattern.compile("(?<![A-Za-z0-9_])" + name + "(?![A-Za-z0-9_])").matcher(readme).find())
                .isEmpty();
    }
}
