package com.bedrockmeter.local.simulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/** What the simulator's streams share: their pace, Bedrock's padding, and the exception frame of a fault. */
final class Streams {

    private Streams() {
    }

    static void pause(long nanos) {
        if (nanos > 0) {
            LockSupport.parkNanos(nanos);
        }
    }

    /** Bedrock pads events with a random run of letters so their size does not tell their content. */
    static String padding() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        char[] p = new char[random.nextInt(1, 24)];
        for (int i = 0; i < p.length; i++) {
            p[i] = (char) ('a' + random.nextInt(26));
        }
        return new String(p);
    }

    /** The exception frame a stream breaks off with, after {@code sent} tokens. */
    static byte[] breakOff(ObjectMapper mapper, String type, int sent) throws IOException {
        return EventStreamFrames.exception(type, mapper.writeValueAsBytes(mapper.createObjectNode()
                .put("message", "Simulated " + type + " after " + sent + " tokens (fault injected by the "
                        + "Bedrock simulator)")));
    }

    /**
     * The pace of one stream's deltas, whatever block they belong to (thinking, text, tool input): the wait before
     * the first, the interval between two, and the fault that breaks the stream off after so many.
     */
    static final class Pace {

        private final SimulatorFaults faults;
        private final ObjectMapper mapper;
        private final long interval;
        private final int failAfter;
        private long firstByteMillis;
        private int sent;

        Pace(SimulatorFaults faults, ObjectMapper mapper) {
            this.faults = faults;
            this.mapper = mapper;
            this.interval = faults.tokenIntervalNanos();
            this.failAfter = faults.streamFailAfter();
        }

        /** Waits for the first token, once the answer's first block has started. */
        void start(long started) {
            pause(faults.firstTokenNanos());
            firstByteMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        }

        /** Milliseconds from the request to the first token. */
        long firstByteMillis() {
            return firstByteMillis;
        }

        /** Waits for the next delta's turn; false if the stream broke off here instead (its exception frame sent). */
        boolean next(OutputStream out) throws IOException {
            if (sent == failAfter) {
                out.write(breakOff(mapper, faults.streamFailType(), sent));
                out.flush();
                return false;
            }
            if (sent > 0) {
                pause(interval);
            }
            sent++;
            return true;
        }
    }
}
