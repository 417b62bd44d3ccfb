package com.rateplatform.gateway.security;

import java.util.List;

import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;

import com.rateplatform.gateway.contract.ApiException;
import com.rateplatform.gateway.contract.ExchangeProperties;
import com.rateplatform.gateway.message.RequestMessage;

/** Intake step: every {@code callback_config.webhook_url} must pass the {@link WebhookUrlPolicy}, or nothing is accepted. */
public class WebhookUrlCheck {

    private final WebhookUrlPolicy policy;

    public WebhookUrlCheck(WebhookUrlPolicy policy) {
        this.policy = policy;
    }

    /** @throws ApiException 400 naming the first refused URL's field */
    public void check(@Body List<RequestMessage> requests, @ExchangeProperty(ExchangeProperties.BATCH) Boolean batch) {
        for (int i = 0; i < requests.size(); i++) {
            RequestMessage request = requests.get(i);
            String url = request.callbackConfig() == null ? null : request.callbackConfig().webhookUrl();
            if (url == null) {
                continue;
            }
            WebhookUrlPolicy.Verdict verdict = policy.check(url);
            if (!verdict.allowed()) {
                String path = Boolean.TRUE.equals(batch) ? "requests[" + i + "].callback_config.webhook_url" : "callback_config.webhook_url";
                throw ApiException.badRequest("INVALID_VALUE", "webhook_url " + verdict.reason(), path);
            }
        }
    }
}
