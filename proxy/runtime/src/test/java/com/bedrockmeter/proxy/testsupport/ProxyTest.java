package com.bedrockmeter.proxy.testsupport;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import com.bedrockmeter.model.config.ServicesConfiguration;
import org.springframework.context.annotation.Import;

/**
 * The proxy on a random port, in local mode, against the JVM's dynalite and its own Bedrock simulator. All test
 * classes with this annotation share one application context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "bedrock-meter.mode=local",
        "bedrock-meter.auth.cache-ttl=200ms",
        "bedrock-meter.bedrock.timeout=2s",
        "bedrock-meter.requests.max-body-size=1MB", // the limit's mechanism, tested on small bodies
        "bedrock-meter.usage.directory=target/test-usage-events"})
@Import({ProxyTestConfiguration.class, ServicesConfiguration.class})
public @interface ProxyTest {
}
