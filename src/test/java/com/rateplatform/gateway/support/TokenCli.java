package com.rateplatform.gateway.support;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.rateplatform.gateway.security.TokenCommand;

/**
 * The jar's {@code token} command, run through its entry point against the {@link TestServers} database and schema
 * (where {@link RunningGateway}s work), as an operator would run it.
 */
public final class TokenCli {

    private static final Pattern CREATED_ID = Pattern.compile("Created token (\\S+) ");

    /** What one run returned and printed. */
    public record Run(int exitCode, String out, String err) {

        /** The token a {@code create} printed. */
        public String token() {
            return out.lines().filter(line -> line.startsWith("rgw_")).findFirst()
                    .orElseThrow(() -> new AssertionError("No token printed: " + out + err));
        }

        /** The id of the token a {@code create} made. */
        public String id() {
            Matcher m = CREATED_ID.matcher(out);
            if (!m.find()) {
                throw new AssertionError("No token created: " + out + err);
            }
            return m.group(1);
        }
    }

    private TokenCli() {
    }

    /**
     * The test database and schema, and the webhook URL settings of the test gateways: plain http and loopback allowed,
     * so that a {@link WebhookReceiver}'s URL may be a token's default.
     */
    public static Map<String, String> env() {
        TestServers servers = TestServers.get();
        Map<String, String> env = new HashMap<>();
        env.put("DB_URL", servers.dbUrl());
        env.put("DB_USER", servers.dbUser());
        env.put("DB_PASSWORD", servers.dbPassword());
        env.put("DB_SCHEMA", servers.schema());
        env.put("WEBHOOK_ALLOW_HTTP", "true");
        env.put("WEBHOOK_ALLOWED_HOSTS", "127.0.0.1/32,localhost");
        return env;
    }

    /** {@code token <args>} with {@link #env()}. */
    public static Run run(String... args) {
        return run(env(), args);
    }

    public static Run run(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exitCode = TokenCommand.run(List.of(args), env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exitCode, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
