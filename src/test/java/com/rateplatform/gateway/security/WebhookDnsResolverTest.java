package com.rateplatform.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.junit.jupiter.api.Test;

import com.rateplatform.gateway.support.WebhookReceiver;

/** The SSRF policy where the webhook HTTP client connects: names resolve only to addresses the policy allows. */
class WebhookDnsResolverTest {

    @Test
    void aNameThatRebindsToAPrivateAddressAfterTheCheckIsRefusedWhenTheClientConnects() throws Exception {
        AtomicInteger lookups = new AtomicInteger();
        WebhookUrlPolicy.Resolver rebinding = host -> new InetAddress[] {
                InetAddress.getByName(lookups.getAndIncrement() == 0 ? "93.184.216.34" : "10.0.0.5")};
        WebhookUrlPolicy policy = new WebhookUrlPolicy(false, List.of(), rebinding);

        assertThat(policy.check("https://rebind.example.com/hook").allowed()).as("the check at send time").isTrue();
        assertThatThrownBy(() -> new WebhookDnsResolver(() -> policy).resolve("rebind.example.com"))
                .isInstanceOf(UnknownHostException.class).hasMessageContaining("10.0.0.5");
    }

    @Test
    void aLoopbackReceiverIsReachedOnlyWhenTheAllowListNamesIt() throws Exception {
        try (WebhookReceiver receiver = WebhookReceiver.answering(200)) {
            WebhookUrlPolicy strict = WebhookUrlPolicy.of(true, "");
            WebhookUrlPolicy development = WebhookUrlPolicy.of(true, "127.0.0.1/32,localhost");

            assertThatThrownBy(() -> post(strict, receiver.url())).isInstanceOf(UnknownHostException.class)
                    .hasMessageContaining("127.0.0.1");
            assertThat(post(development, receiver.url())).isEqualTo(200);
            assertThat(receiver.received()).hasSize(1);
        }
    }

    private static int post(WebhookUrlPolicy policy, String url) throws Exception {
        try (CloseableHttpClient client = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDnsResolver(new WebhookDnsResolver(() -> policy)).build())
                .build()) {
            return client.execute(new HttpPost(url), response -> response.getCode());
        }
    }
}
