package com.bedrockmeter.local.simulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.concurrent.ThreadLocalRandom;
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
}
