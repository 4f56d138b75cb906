package com.bedrockmeter.cli;

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

 */
final class CliLogging {

    private static final String SPRING_MARKER = "org.springframework.boot.logging.LoggingSystem";
    private static boolean done;

    private CliLogging() {
    }

    static synchronized void quiet() {
        if (done || !(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)
                || context.getObject(SPRING_MARKER) != null) {
            return;
        }
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
}
