package com.bedrockmeter.local.idp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.mock.env.MockEnvironment;

/** The embedded provider signs in whoever types a name: it must never start outside local mode. */
class EmbeddedIdpTest {

    @Test
    void postProcessEnvironment_refusesToStart_whenEnabledOutsideLocalMode() {
        for (String mode : new String[] {null, "aws", "AWS"}) {
            MockEnvironment environment = new MockEnvironment()
                    .withProperty("bedrock-meter.portal.embedded-idp.enabled", "true")
                    .withProperty("bedrock-meter.portal.embedded-idp.port", "0");
            if (mode != null) {
                environment.setProperty("bedrock-meter.mode", mode);
            }
            assertThatThrownBy(() -> new EmbeddedIdp().postProcessEnvironment(environment, new SpringApplication()))
                    .as("mode " + mode).isInstanceOf(IllegalStateException.class).hasMessageContaining("local");
            assertThat(environment.getProperty("spring.security.oauth2.client.provider.portal.issuer-uri")).isNull();
        }
    }

    @Test
    void postProcessEnvironment_doesNothing_whenNotEnabled() {
        MockEnvironment environment = new MockEnvironment().withProperty("bedrock-meter.mode", "aws");
        new EmbeddedIdp().postProcessEnvironment(environment, new SpringApplication());
        assertThat(environment.getProperty("spring.security.oauth2.client.provider.portal.issuer-uri")).isNull();
    }
}
