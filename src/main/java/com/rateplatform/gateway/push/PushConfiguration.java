package com.rateplatform.gateway.push;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;

import com.rateplatform.gateway.config.Roles;
import com.rateplatform.gateway.config.Settings;
import com.rateplatform.gateway.message.MessageCodec;
import com.rateplatform.gateway.metrics.Meters;
import com.rateplatform.gateway.security.Guard;
import com.rateplatform.gateway.stream.RedisStreamComponent;

/**
 * Results pushed to clients (gateway role only): the {@code pushHub} bean the route {@code push-extension-responses}
 * hands every response to, the authenticator, and the WebSocket, Server-Sent Events and demo endpoints.
 */
public class PushConfiguration implements CamelConfiguration {

    @Override
    public void configure(CamelContext context) throws Exception {
        Settings settings = new Settings(context);
        if (!Roles.parse(settings.text("rate.roles")).has(Roles.GATEWAY)) {
            return;
        }
        PushSettings push = PushSettings.from(settings);
        Registry registry = context.getRegistry();
        PushAuthenticator authenticator = authenticator(registry);
        MessageCodec codec = registry.lookupByNameAndType("messageCodec", MessageCodec.class);
        PushHub hub = new PushHub(push.maxConnectionsPerCaller(), codec, Meters.registryOf(context));
        registry.bind("pushHub", hub);
        String stream = settings.text("rate.stream.extension-responses");
        MissedResults missed = new MissedResults(() -> context.getComponent("redis-stream", RedisStreamComponent.class),
                stream, push.resumeMaxEntries(), codec);
        PushEndpoints endpoints = new PushEndpoints(context, hub, authenticator, missed, push);
        context.addService(endpoints, true, true);
        context.addStartupListener(endpoints);
    }

    /** WebSocket and SSE clients authenticate like REST callers, through the security configuration's guard. */
    private static PushAuthenticator authenticator(Registry registry) {
        PushAuthenticator bound = registry.lookupByNameAndType(PushAuthenticator.REGISTRY_NAME, PushAuthenticator.class);
        if (bound != null) {
            return bound; // a test bound its own
        }
        Guard guard = registry.lookupByNameAndType("guard", Guard.class);
        if (guard == null) {
            throw new IllegalStateException("No guard bound: the security configuration must run first");
        }
        PushAuthenticator authenticator = new PushAuthentication(guard);
        registry.bind(PushAuthenticator.REGISTRY_NAME, authenticator);
        return authenticator;
    }
}
