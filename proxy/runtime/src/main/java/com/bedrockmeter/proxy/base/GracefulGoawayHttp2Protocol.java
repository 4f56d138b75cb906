package com.bedrockmeter.proxy.base;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.coyote.Adapter;
import org.apache.coyote.Request;
import org.apache.coyote.http11.upgrade.InternalHttpUpgradeHandler;
import org.apache.coyote.http2.Http2AsyncUpgradeHandler;
import org.apache.coyote.http2.Http2Protocol;
import org.apache.tomcat.util.net.SocketWrapperBase;

/**
 * Tomcat's HTTP/2 with one change: a GOAWAY from the client lets the streams it already opened finish (RFC 9113
 * section 6.8) before the connection closes. Tomcat 10.1 closes the connection on any GOAWAY it receives, which cut
 * off event streams of the AWS SDK for JavaScript v3: its default HTTP/2 handler sends GOAWAY as soon as a
 * response's headers arrive, and lost the rest of the answer (the proxy still metered it all).
 */
final class GracefulGoawayHttp2Protocol extends Http2Protocol {

    private static final ScheduledExecutorService LATER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "http2-goaway");
        thread.setDaemon(true);
        return thread;
    });
    /** How often a connection told to go away looks whether its streams are done. */
    private static final long CHECK_MILLIS = 50;

    @Override
    public InternalHttpUpgradeHandler getInternalUpgradeHandler(SocketWrapperBase<?> socket, Adapter adapter,
                                                                Request request) {
        return socket.hasAsyncIO() ? new Handler(this, adapter, request, socket)
                : super.getInternalUpgradeHandler(socket, adapter, request);
    }

    private static final class Handler extends Http2AsyncUpgradeHandler {

        Handler(Http2Protocol protocol, Adapter adapter, Request request, SocketWrapperBase<?> socket) {
            super(protocol, adapter, request, socket);
        }

        @Override
        public void goaway(int lastStreamId, long errorCode, String debugData) {
            if (errorCode != 0 || activeRemoteStreamCount.get() <= 0) {
                super.goaway(lastStreamId, errorCode, debugData); // an error, or nothing left: close now
                return;
            }
            LATER.schedule(() -> goaway(lastStreamId, errorCode, debugData), CHECK_MILLIS, TimeUnit.MILLISECONDS);
        }
    }
}
