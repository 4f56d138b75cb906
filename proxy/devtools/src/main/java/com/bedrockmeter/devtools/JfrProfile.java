package com.bedrockmeter.devtools;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;

/**
 * A Java Flight Recorder recording of one measured run (JFR's {@code profile} settings: a stack sample of every
 * running thread each 10 ms), for {@code jfr print --events jdk.ExecutionSample} or JDK Mission Control. It costs
 * the run a little CPU, so a profiled run's figures are not the benchmark's. JFR keeps 64 frames of a stack unless
 * {@code java} is given {@code -XX:FlightRecorderOptions:stackdepth=256}: Tomcat's stacks are deeper.
 */
final class JfrProfile {

    private final Recording recording;

    private JfrProfile(Recording recording) {
        this.recording = recording;
    }

    /**
     * Turns JFR's profile settings on for the whole run, before the warm-up: enabling them instruments the JDK's I/O
     * classes, which throws away compiled code; done per run, each run would pay for the JIT compiling it again.
     */
    static void enableBeforeWarmUp() {
        try {
            Recording background = new Recording(Configuration.getConfiguration("profile"));
            background.setToDisk(false);
            background.setMaxAge(java.time.Duration.ofSeconds(10));
            background.start();
        } catch (IOException | ParseException e) {
            throw new IllegalStateException("JFR's profile settings cannot be read", e);
        }
    }

    static JfrProfile start(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Recording recording = new Recording(Configuration.getConfiguration("profile"));
            recording.setDestination(file);
            recording.start();
            return new JfrProfile(recording);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ParseException e) {
            throw new IllegalStateException("JFR's profile settings cannot be read", e);
        }
    }

    /** Stops the recording and writes its file. */
    void stop() {
        recording.stop();
        recording.close();
    }
}
