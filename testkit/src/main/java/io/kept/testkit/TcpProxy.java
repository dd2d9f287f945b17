package io.kept.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * A TCP proxy on loopback in front of a server, for outages on demand: {@link #refuse()} resets
 * every open connection and refuses new ones (as a database that went away does), {@link #accept()}
 * lets connections through again, on the same port; {@link #cut()} resets the open connections and keeps accepting
 * (connections dropped mid-transaction); {@link #answerPostgresError} answers every new connection, in PostgreSQL's
 * own protocol, with the error a server gives while it starts, stops or fails over.
 */
public final class TcpProxy implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(TcpProxy.class);

    private final String targetHost;
    private final int targetPort;
    private final int port;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile ServerSocket server;
    private volatile String[] postgresError;

    private TcpProxy(String targetHost, int targetPort, int port) {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.port = port;
    }

    /** Starts a proxy on a free loopback port that forwards to {@code targetHost:targetPort}. */
    public static TcpProxy start(String targetHost, int targetPort) {
        try (ServerSocket probe = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            TcpProxy proxy = new TcpProxy(targetHost, targetPort, probe.getLocalPort());
            probe.close();
            proxy.accept();
            return proxy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return port;
    }

    /** Lets connections through (again). */
    public synchronized void accept() {
        if (server != null) {
            return;
        }
        try {
            ServerSocket socket = new ServerSocket();
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            server = socket;
            Thread acceptor = new Thread(() -> acceptLoop(socket), "tcp-proxy-" + port);
            acceptor.setDaemon(true);
            acceptor.start();
            LOG.infof("Proxy 127.0.0.1:%d -> %s:%d accepts connections", port, targetHost, targetPort);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Resets every open connection and refuses new ones until {@link #accept()}. */
    public synchronized void refuse() {
        ServerSocket socket = server;
        server = null;
        if (socket != null) {
            closeQuietly(socket);
        }
        for (Socket s : open) {
            reset(s);
        }
        open.clear();
        LOG.infof("Proxy 127.0.0.1:%d refuses connections", port);
    }

    /** Resets every open connection, mid-transaction or not, and goes on accepting new ones. */
    public synchronized void cut() {
        for (Socket s : open) {
            reset(s);
        }
        open.clear();
    }

    /**
     * Until {@link #forwardAgain()}, answers every new connection as a PostgreSQL server that cannot take it: after the
     * client's startup message (an SSL request is declined first), a FATAL ErrorResponse with {@code sqlState} and
     * {@code message}, then the connection closes. {@code 57P03} "the database system is starting up" is what a
     * standby being promoted, or a restarting primary, answers; open connections are left alone.
     */
    public void answerPostgresError(String sqlState, String message) {
        postgresError = new String[] {sqlState, message};
        LOG.infof("Proxy 127.0.0.1:%d answers new connections with PostgreSQL error %s", port, sqlState);
    }

    /** Forwards new connections again after {@link #answerPostgresError}. */
    public void forwardAgain() {
        postgresError = null;
    }

    @Override
    public void close() {
        refuse();
    }

    private static void answerPostgres(Socket client, String[] error) {
        try (client) {
            client.setSoTimeout(5_000);
            java.io.DataInputStream in = new java.io.DataInputStream(client.getInputStream());
            OutputStream out = client.getOutputStream();
            int length = in.readInt();
            int code = in.readInt();
            in.skipNBytes(length - 8);
            if (code == 80877103) { // SSLRequest: declined, then the startup message comes in the clear
                out.write('N');
                out.flush();
                length = in.readInt();
                in.skipNBytes(length - 4);
            }
            java.io.ByteArrayOutputStream fields = new java.io.ByteArrayOutputStream();
            for (String[] field : new String[][] {{"S", "FATAL"}, {"V", "FATAL"}, {"C", error[0]}, {"M", error[1]}}) {
                fields.write(field[0].charAt(0));
                fields.write(field[1].getBytes(java.nio.charset.StandardCharsets.UTF_8));
                fields.write(0);
            }
            fields.write(0);
            java.io.DataOutputStream response = new java.io.DataOutputStream(out);
            response.writeByte('E');
            response.writeInt(4 + fields.size());
            fields.writeTo(response);
            response.flush();
        } catch (IOException e) {
            // the client went away first
        }
    }

    private void acceptLoop(ServerSocket socket) {
        while (!socket.isClosed()) {
            Socket client;
            try {
                client = socket.accept();
            } catch (IOException e) {
                return; // closed by refuse()
            }
            String[] error = postgresError;
            if (error != null) {
                Thread answer = new Thread(() -> answerPostgres(client, error), "tcp-proxy-answer-" + port);
                answer.setDaemon(true);
                answer.start();
                continue;
            }
            Socket upstream = new Socket();
            try {
                upstream.connect(new InetSocketAddress(targetHost, targetPort), 5_000);
            } catch (IOException e) {
                reset(client);
                continue;
            }
            open.add(client);
            open.add(upstream);
            pump(client, upstream);
            pump(upstream, client);
        }
    }

    private void pump(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // either side went away
            } finally {
                open.remove(from);
                open.remove(to);
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "tcp-proxy-pump-" + port);
        t.setDaemon(true);
        t.start();
    }

    private static void reset(Socket socket) {
        try {
            socket.setSoLinger(true, 0);
        } catch (IOException e) {
            // already closed
        }
        closeQuietly(socket);
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            // nothing to do
        }
    }
}
