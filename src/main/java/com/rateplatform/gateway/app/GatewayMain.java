package com.rateplatform.gateway.app;

import java.util.Map;

import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.rateplatform.gateway.config.Roles;
import com.rateplatform.gateway.ops.Draining;
import com.rateplatform.gateway.ops.OpsConfiguration;
import com.rateplatform.gateway.security.SecurityConfiguration;
import com.rateplatform.gateway.delivery.DeliveryConfiguration;
import com.rateplatform.gateway.importer.ImporterConfiguration;
import com.rateplatform.gateway.monitoring.MetricsConfiguration;
import com.rateplatform.gateway.monitoring.MonitoringConfiguration;
import com.rateplatform.gateway.push.PushConfiguration;

/** Builds the camel-main runtime: configuration class, property overrides, and the route files of the roles. */
public final class GatewayMain {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayMain.class);

    private GatewayMain() {
    }

    /** @param overrides properties that win over application.properties and the environment (embedded servers, tests) */
    public static Main create(Map<String, String> overrides) {
        Main main = new Main();
        // One configuration class per capability, in dependency order (later ones may look up earlier beans).
        main.configure().addConfiguration(MetricsConfiguration.class);
        main.configure().addConfiguration(GatewayConfiguration.class);
        main.configure().addConfiguration(SecurityConfiguration.class);
        main.configure().addConfiguration(DeliveryConfiguration.class);
        main.configure().addConfiguration(ImporterConfiguration.class);
        main.configure().addConfiguration(PushConfiguration.class);
        main.configure().addConfiguration(OpsConfiguration.class);
        main.configure().addConfiguration(MonitoringConfiguration.class);
        overrides.forEach(main::addOverrideProperty);
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void beforeConfigure(BaseMainSupport support) {
                String value = support.getCamelContext().getPropertiesComponent().resolveProperty("rate.roles").orElse("gateway,worker");
                Roles roles = Roles.parse(value);
                String routeFiles = RouteFiles.includePattern(roles);
                support.configure().setRoutesIncludePattern(routeFiles);
                LOG.info("Roles: {} (routes {})", roles, routeFiles);
            }

            @Override
            public void beforeStop(BaseMainSupport support) {
                // Graceful stop: report not-ready and drain before Camel stops the routes and waits for work in flight.
                Draining draining = support.getCamelContext().getRegistry().lookupByNameAndType("draining", Draining.class);
                if (draining != null) {
                    draining.drain();
                }
            }
        });
        return main;
    }
}
