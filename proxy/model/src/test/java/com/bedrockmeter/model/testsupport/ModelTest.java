package com.bedrockmeter.model.testsupport;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The data model and its use cases as the applications wire them ({@code DataModelConfiguration},
 * {@code ServicesConfiguration}), in local mode against the JVM's dynalite, without any web stack. All test classes
 * with this annotation share one application context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(classes = ModelTestConfiguration.class, properties = "bedrock-meter.mode=local")
public @interface ModelTest {
}
