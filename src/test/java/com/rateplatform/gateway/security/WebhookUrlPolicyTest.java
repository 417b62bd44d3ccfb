package com.rateplatform.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which webhook URLs pass, checked against a fake DNS so no test depends on the network. */
class WebhookUrlPolicyTest {

    private static final Map<String, String> DNS = Map.of(
            "hooks.example.com", "93.184.216.34",
            "localhost", "127.0.0.1",
            "rebind.example.com", "127.0.0.1",
            "metadata.google.internal", "169.254.169.254",
            "intranet.example.com", "10.1.2.3",
            "partly.example.com", "93.184.216.34,192.168.1.10");

    private static final WebhookUrlPolicy.Resolver FAKE_DNS = host -> {
        String addresses = DNS.get(host);
        if (addresses == null && !host.matches("[0-9a-f:.]+")) {
            throw new UnknownHostException(host);
        }
        String[] literals = (addresses == null ? host : addresses).split(",");
        InetAddress[] resolved = new InetAddress[literals.length];
        for (int i = 0; i < literals.length; i++) {
            resolved[i] = InetAddress.getByName(literals[i]);
        }
        return resolved;
    };

    private final WebhookUrlPolicy policy = new WebhookUrlPolicy(false, List.of(), FAKE_DNS);

    @Test
    void httpsUrlOfAPublicHostIsAllowedWithTheAddressesToConnectTo() throws Exception {
        WebhookUrlPolicy.Verdict verdict = policy.check("https://hooks.example.com/rate?x=1");

        assertThat(verdict.allowed()).isTrue();
        assertThat(verdict.addresses()).containsExactly(InetAddress.getByName("93.184.216.34"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "https://rebind.example.com/hook",            // a public-looking name pointing at loopback
            "https://localhost/hook",
            "https://127.0.0.1/hook",
            "https://2130706433/hook",                    // 127.0.0.1 as one number
            "https://[::1]/hook",
            "https://0.0.0.0/hook",
            "https://10.0.0.1/hook",
            "https://172.16.5.4/hook",
            "https://192.168.0.1/hook",
            "https://169.254.169.254/latest/meta-data/",  // cloud metadata
            "https://metadata.google.internal/computeMetadata/v1/",
            "https://100.100.100.200/latest/meta-data/",  // carrier-grade NAT range, Alibaba metadata
            "https://[fd00:ec2::254]/latest/meta-data/",  // unique-local, AWS IPv6 metadata
            "https://[fe80::1]/hook",
            "https://[::ffff:127.0.0.1]/hook",            // IPv4-mapped
            "https://[64:ff9b::a00:1]/hook",              // NAT64 of 10.0.0.1
            "https://224.0.0.1/hook",
            "https://intranet.example.com/hook",
            "https://partly.example.com/hook"             // one private address among public ones is enough
    })
    void hostsThatAreNotPublicAreRefused(String url) {
        WebhookUrlPolicy.Verdict verdict = policy.check(url);

        assertThat(verdict.allowed()).isFalse();
        assertThat(verdict.reason()).contains("not public");
    }

    @Test
    void plainHttpIsRefusedUnlessTheDevelopmentSettingAllowsIt() {
        assertThat(policy.check("http://hooks.example.com/hook").reason()).isEqualTo("must be an https URL");
        assertThat(new WebhookUrlPolicy(true, List.of(), FAKE_DNS).check("http://hooks.example.com/hook").allowed()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = { "ftp://hooks.example.com/x", "javascript:alert(1)", "file:///etc/passwd", "/relative/path",
            "https:///no-host", "https://exa mple.com/", "https://127.1/hook" })
    void urlsThatAreNotHttpsWithAHostAreRefused(String url) {
        assertThat(policy.check(url).allowed()).isFalse();
    }

    @Test
    void userInfoIsRefused() {
        assertThat(policy.check("https://user:secret@hooks.example.com/hook").reason()).contains("user name or password");
    }

    @Test
    void hostsThatDoNotResolveAreRefused() {
        assertThat(policy.check("https://nowhere.invalid/hook").reason()).contains("does not resolve");
    }

    @Test
    void allowListedHostsAndRangesPassAlthoughPrivate() {
        WebhookUrlPolicy allowing = new WebhookUrlPolicy(false, List.of("intranet.example.com", " 192.168.0.0/16 "), FAKE_DNS);

        assertThat(allowing.check("https://intranet.example.com/hook").allowed()).isTrue();
        assertThat(allowing.check("https://192.168.7.8/hook").allowed()).isTrue();
        assertThat(allowing.check("https://10.0.0.1/hook").allowed()).isFalse();
    }
}
