package com.rateplatform.gateway.security;

import java.io.PrintStream;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.zaxxer.hikari.HikariDataSource;

import com.rateplatform.gateway.persistence.Database;
import com.rateplatform.gateway.security.ApiTokenStore.IssuedToken;
import com.rateplatform.gateway.security.ApiTokenStore.StoredToken;

/**
 * {@code token create --name N --scopes a,b [--expires 90d] [--webhook-url URL]}, {@code token list},
 * {@code token revoke ID}, {@code token webhook ID URL|--clear}: API tokens managed from the command line of the same
 * jar, in the database named by DB_URL, DB_USER, DB_PASSWORD and DB_SCHEMA (as for the gateway). Needs only the
 * database; applies the migrations first. A default webhook URL must pass the gateway's {@link WebhookUrlPolicy},
 * configured by the same WEBHOOK_ALLOW_HTTP and WEBHOOK_ALLOWED_HOSTS.
 */
public final class TokenCommand {

    static final String USAGE = """
            usage: token create --name NAME --scopes SCOPE[,SCOPE...] [--expires 90d|12h] [--webhook-url URL]
                   token list
                   token revoke ID
                   token webhook ID URL|--clear
            scopes: %s""".formatted(String.join(", ", Scopes.ALL));

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern DURATION = Pattern.compile("(\\d{1,5})([dh])");

    private final PrintStream out;
    private final PrintStream err;
    private final Clock clock;

    private TokenCommand(PrintStream out, PrintStream err, Clock clock) {
        this.out = out;
        this.err = err;
        this.clock = clock;
    }

    /**
     * @param args the arguments after {@code token}
     * @param env  environment variables (DB_URL, DB_USER, DB_PASSWORD, DB_SCHEMA)
     * @return the process exit code: 0 done, 1 failed, 2 bad usage
     */
    public static int run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
        return new TokenCommand(out, err, Clock.systemUTC()).run(args, env);
    }

    /** WEBHOOK_SECRET of the deployment, from which each token's webhook secret is derived; may be null. */
    private String webhookMaster;
    /** The deployment's webhook URL policy (WEBHOOK_ALLOW_HTTP, WEBHOOK_ALLOWED_HOSTS), for default webhook URLs. */
    private WebhookUrlPolicy webhookUrls;

    private int run(List<String> args, Map<String, String> env) {
        webhookMaster = env.get("WEBHOOK_SECRET");
        webhookUrls = WebhookUrlPolicy.of(Boolean.parseBoolean(env.getOrDefault("WEBHOOK_ALLOW_HTTP", "false").trim()),
                env.getOrDefault("WEBHOOK_ALLOWED_HOSTS", ""));
        Action action;
        try {
            action = parse(args);
        } catch (UsageException e) {
            err.println(e.getMessage());
            return 2;
        }
        String dbUrl = env.get("DB_URL");
        if (dbUrl == null || dbUrl.isBlank()) {
            err.println("DB_URL is not set. Without it the gateway runs on an embedded database whose tokens vanish when it"
                        + " exits, so there is nothing to manage: set DB_URL (and DB_USER, DB_PASSWORD, DB_SCHEMA) to the"
                        + " gateway's database.");
            return 2;
        }
        String schema = env.getOrDefault("DB_SCHEMA", "public");
        // Two connections: Flyway holds one for its lock while migrating with the other.
        try (HikariDataSource dataSource = Database.pool(dbUrl, env.getOrDefault("DB_USER", "postgres"),
                env.getOrDefault("DB_PASSWORD", ""), schema, 2, 5_000)) {
            Database.migrate(dataSource, schema);
            ApiTokenStore store = new ApiTokenStore(dataSource, new AuditLog(dataSource));
            return action.run(store, "cli:" + System.getProperty("user.name", "unknown"));
        } catch (SQLException | RuntimeException e) {
            err.println("token " + args.get(0) + " failed: " + e.getMessage());
            return 1;
        }
    }

    /** What to do once the database is open; the arguments are checked before it is. */
    @FunctionalInterface
    private interface Action {
        int run(ApiTokenStore store, String actor) throws SQLException;
    }

    private static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }

    private Action parse(List<String> args) {
        if (args.isEmpty()) {
            throw new UsageException(USAGE);
        }
        List<String> rest = args.subList(1, args.size());
        return switch (args.get(0)) {
            case "create" -> parseCreate(rest);
            case "list" -> {
                if (!rest.isEmpty()) {
                    throw new UsageException(USAGE);
                }
                yield (store, actor) -> list(store);
            }
            case "revoke" -> parseRevoke(rest);
            case "webhook" -> parseWebhook(rest);
            default -> throw new UsageException(USAGE);
        };
    }

    private Action parseCreate(List<String> args) {
        Map<String, String> options = options(args);
        if (options == null || !options.containsKey("--name") || !options.containsKey("--scopes")
            || !Set.of("--name", "--scopes", "--expires", "--webhook-url").containsAll(options.keySet())) {
            throw new UsageException(USAGE);
        }
        String name = options.get("--name");
        if (!NAME.matcher(name).matches()) {
            throw new UsageException("--name must be 1 to 64 letters, digits or . _ -");
        }
        List<String> scopes = new ArrayList<>();
        for (String scope : options.get("--scopes").split(",")) {
            String trimmed = scope.trim();
            if (!Scopes.isKnown(trimmed)) {
                throw new UsageException("unknown scope '" + trimmed + "'; scopes: " + String.join(", ", Scopes.ALL));
            }
            if (!scopes.contains(trimmed)) {
                scopes.add(trimmed);
            }
        }
        Duration lifetime = null;
        if (options.containsKey("--expires")) {
            Matcher m = DURATION.matcher(options.get("--expires"));
            if (!m.matches()) {
                throw new UsageException("--expires takes days or hours, like 90d or 12h");
            }
            long amount = Long.parseLong(m.group(1));
            lifetime = m.group(2).equals("d") ? Duration.ofDays(amount) : Duration.ofHours(amount);
        }
        Duration expiresIn = lifetime;
        String webhookUrl = options.containsKey("--webhook-url") ? allowedWebhookUrl(options.get("--webhook-url")) : null;
        return (store, actor) -> create(store, name, scopes, expiresIn, webhookUrl, actor);
    }

    private Action parseRevoke(List<String> args) {
        String usage = "token revoke takes one token ID, as 'token list' shows it";
        if (args.size() != 1) {
            throw new UsageException(usage);
        }
        UUID id = tokenId(args.get(0), usage);
        return (store, actor) -> revoke(store, id, actor);
    }

    private Action parseWebhook(List<String> args) {
        String usage = "token webhook takes a token ID, as 'token list' shows it, and a URL or --clear";
        if (args.size() != 2) {
            throw new UsageException(usage);
        }
        UUID id = tokenId(args.get(0), usage);
        String webhookUrl = args.get(1).equals("--clear") ? null : allowedWebhookUrl(args.get(1));
        return (store, actor) -> setWebhook(store, id, webhookUrl, actor);
    }

    private static UUID tokenId(String text, String usage) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw new UsageException(usage);
        }
    }

    /** The URL when the webhook URL policy lets it through; a one-line usage error saying why not otherwise. */
    private String allowedWebhookUrl(String url) {
        WebhookUrlPolicy.Verdict verdict = webhookUrls.check(url);
        if (!verdict.allowed()) {
            throw new UsageException("webhook URL refused: " + url + " " + verdict.reason());
        }
        return url;
    }

    private int create(ApiTokenStore store, String name, List<String> scopes, Duration lifetime, String webhookUrl,
                       String actor) throws SQLException {
        Instant expiresAt = lifetime == null ? null : clock.instant().plus(lifetime);
        IssuedToken issued = store.create(name, scopes, expiresAt, webhookUrl, actor);
        StoredToken stored = issued.stored();
        out.println("Created token " + stored.id() + " '" + stored.name() + "' with scopes " + String.join(",", stored.scopes())
                    + ", " + (expiresAt == null ? "no expiry" : "expires " + expiresAt)
                    + (webhookUrl == null ? "" : ", default webhook URL " + webhookUrl) + ".");
        out.println("Send it as the X-API-Token header. It is shown only now:");
        out.println(issued.token());
        if (webhookMaster == null || webhookMaster.isBlank()) {
            out.println("Webhooks to this caller are signed once WEBHOOK_SECRET is set; run with it set to see the caller's secret.");
        } else {
            out.println("Webhook secret (verify X-Rate-Signature with it; same WEBHOOK_SECRET as the gateway):");
            out.println(CallerWebhookSecret.derive(webhookMaster, ApiTokenVerifier.CALLER_PREFIX + stored.name()));
        }
        return 0;
    }

    private int list(ApiTokenStore store) throws SQLException {
        String format = "%-36s  %-20s  %-8s  %-8s  %-20s  %-40s  %s%n";
        out.printf(format, "ID", "NAME", "HINT", "STATUS", "EXPIRES", "SCOPES", "WEBHOOK");
        Instant now = clock.instant();
        for (StoredToken token : store.list()) {
            out.printf(format, token.id(), token.name(), token.hint(), token.status(now),
                    token.expiresAt() == null ? "never" : token.expiresAt().toString(), String.join(",", token.scopes()),
                    token.webhookUrl() == null ? "-" : token.webhookUrl());
        }
        return 0;
    }

    private int revoke(ApiTokenStore store, UUID id, String actor) throws SQLException {
        if (!store.revoke(id, actor)) {
            err.println("no active token " + id);
            return 1;
        }
        out.println("Revoked token " + id + ".");
        return 0;
    }

    private int setWebhook(ApiTokenStore store, UUID id, String webhookUrl, String actor) throws SQLException {
        if (!store.setWebhookUrl(id, webhookUrl, actor)) {
            err.println("no token " + id + " that is not revoked");
            return 1;
        }
        out.println(webhookUrl == null ? "Token " + id + " has no default webhook URL now."
                : "Token " + id + " sends its webhooks to " + webhookUrl + " when a request names none.");
        return 0;
    }

    /** {@code --key value} pairs, or null when they do not pair up. */
    private static Map<String, String> options(List<String> args) {
        if (args.size() % 2 != 0) {
            return null;
        }
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i += 2) {
            if (!args.get(i).startsWith("--")) {
                return null;
            }
            options.put(args.get(i), args.get(i + 1));
        }
        return options;
    }
}
