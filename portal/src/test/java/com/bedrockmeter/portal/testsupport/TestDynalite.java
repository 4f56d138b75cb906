package com.bedrockmeter.portal.testsupport;

import com.bedrockmeter.proxy.local.Dynalite;
import java.net.URI;

/** One in-memory dynalite per test JVM, started on first use, stopped when the JVM exits. */
public final class TestDynalite {

    private static Dynalite instance;

    private TestDynalite() {
    }

    public static synchronized URI endpoint() {
        if (instance == null) {
            instance = Dynalite.start(0, null);
            Runtime.getRuntime().addShutdownHook(new Thread(instance::close, "dynalite-stop"));
        }
        return instance.endpoint();
    }
}
