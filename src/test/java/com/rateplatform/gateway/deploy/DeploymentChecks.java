package com.rateplatform.gateway.deploy;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the deployment files must get right, as lists of problems (empty: nothing wrong). */
final class DeploymentChecks {

    /** Names that hold a secret; those ending in _FILE or _PATH name a file holding it instead. */
    private static final Pattern SECRET_NAME = Pattern.compile("(^|_)(PASSWORD|PASSWD|PASS|SECRET|KEY|TOKEN|CREDENTIALS?)(_|$)");
    private static final Pattern FILE_NAME = Pattern.compile(".*_(FILE|PATH|DIR)$");
    /** A value taken from elsewhere: compose ${NAME} (empty default at most), Kubernetes $(NAME), Actions ${{ secrets.X }}. */
    private static final Pattern REFERENCE = Pattern.compile(
            "\\$\\{[A-Za-z0-9_]+(?:(?::?\\?)[^}]*|:?-)?}|\\$\\([A-Za-z0-9_]+\\)|\\$\\{\\{\\s*secrets\\.[A-Za-z0-9_]+\\s*}}");
    /** The password of a URL's user information: scheme://user:password@host. */
    private static final Pattern URL_PASSWORD =
            Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*://[^/\\s:@]*:(\\$\\{[^}]*}|\\$\\([^)]*\\)|[^@/\\s]*)@");

    private DeploymentChecks() {
    }

    static boolean isSecretName(String name) {
        String upper = name.toUpperCase(java.util.Locale.ROOT);
        return SECRET_NAME.matcher(upper).find() && !FILE_NAME.matcher(upper).matches();
    }

    /** Variables set for the application that application.properties does not read (a typo, or a setting that is gone). */
    static List<String> unknownVariables(Collection<EnvSetting> settings, ApplicationVariables variables) {
        return settings.stream().filter(EnvSetting::forApplication).filter(s -> !variables.reads(s.name()))
                .map(s -> s + " is not read by the application (no {{env:" + s.name() + "}} in application.properties)").toList();
    }

    /**
     * Secrets written into a file instead of referenced: a secret-named variable with a literal value (empty is
     * allowed: a template's blank to fill in), or a password inside a URL.
     */
    static List<String> inlinedSecrets(Collection<EnvSetting> settings) {
        List<String> problems = new ArrayList<>();
        for (EnvSetting setting : settings) {
            String value = setting.literal();
            if (value == null || value.isEmpty()) {
                continue;
            }
            if (isSecretName(setting.name()) && !REFERENCE.matcher(value).matches()) {
                problems.add(setting + " holds its secret value instead of referencing it");
            }
            Matcher url = URL_PASSWORD.matcher(value);
            while (url.find()) {
                if (!url.group(1).isEmpty() && !REFERENCE.matcher(url.group(1)).matches()) {
                    problems.add(setting + " has a password written into its URL");
                }
            }
        }
        return problems;
    }

    /** Workloads of the application that get less time to stop than the drain and the graceful stop take. */
    static List<String> stopTooShort(Collection<Workload> workloads, ApplicationVariables variables) {
        List<String> problems = new ArrayList<>();
        for (Workload workload : workloads) {
            if (!workload.application()) {
                continue;
            }
            long drainMs = Long.parseLong(valueOrDefault(workload, "SHUTDOWN_DRAIN_MS", variables));
            long timeoutSeconds = Long.parseLong(valueOrDefault(workload, "SHUTDOWN_TIMEOUT_SECONDS", variables));
            long needed = (drainMs + 999) / 1000 + timeoutSeconds;
            if (workload.stopSeconds() <= needed) {
                problems.add(workload.where() + " may take " + workload.stopSeconds() + " s to stop, but draining ("
                        + drainMs + " ms) and the graceful stop (" + timeoutSeconds + " s) need more than " + needed + " s");
            }
        }
        return problems;
    }

    private static String valueOrDefault(Workload workload, String name, ApplicationVariables variables) {
        String value = workload.literal(name);
        return value == null || value.isEmpty() ? variables.defaultOf(name).orElseThrow() : value;
    }
}
