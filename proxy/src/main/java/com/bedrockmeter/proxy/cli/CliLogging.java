package com.bedrockmeter.proxy.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import org.slf4j.LoggerFactory;

/**
 * Without Spring, logback's default configuration prints DEBUG (SDK request details included) to stdout, which
 * would mix with the CLI's output. The CLI logs warnings and errors only, to stderr. A logging system Spring Boot
 * already configured in this JVM (tests running a proxy next to the CLI) is left alone.
 *
 * <p>The Apache HTTP client logs through commons-logging; with commons-logging 1.2 ahead of spring-jcl on the class
 * path, its service discovery makes spring-jcl print a notice to stdout, which would corrupt {@code --json}
 * output. Naming the factory skips that discovery; its simple log writes warnings to stderr.
 */
final class CliLogging {

    private static final String SPRING_MARKER = "org.springframework.boot.logging.LoggingSystem";
    private static final String JCL_FACTORY = "org.apache.commons.logging.LogFactory";
    private static final String JCL_FACTORY_IMPL = "org.apache.commons.logging.impl.LogFactoryImpl";
    private static final String JCL_SIMPLE_LOG = "org.apache.commons.logging.impl.SimpleLog";
    private static boolean done;

    private CliLogging() {
    }

    static synchronized void quiet() {
        if (done || !(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)
                || context.getObject(SPRING_MARKER) != null) {
            return;
        }
        quietCommonsLogging();
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%level %logger{0}: %msg%n");
        encoder.start();
        ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
        appender.setContext(context);
        appender.setName("cli-stderr");
        appender.setTarget("System.err");
        appender.setEncoder(encoder);
        appender.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.detachAndStopAllAppenders();
        root.addAppender(appender);
        root.setLevel(Level.WARN);
        done = true;
    }

    private static void quietCommonsLogging() {
        if (System.getProperty(JCL_FACTORY) != null || !present(JCL_FACTORY_IMPL) || !present(JCL_SIMPLE_LOG)) {
            return;
        }
        System.setProperty(JCL_FACTORY, JCL_FACTORY_IMPL);
        System.setProperty("org.apache.commons.logging.Log", JCL_SIMPLE_LOG);
        System.setProperty("org.apache.commons.logging.simplelog.defaultlog", "warn");
    }

    private static boolean present(String className) {
        try {
            Class.forName(className, false, CliLogging.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
