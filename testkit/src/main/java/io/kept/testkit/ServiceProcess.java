package io.kept.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A packaged Kept service ({@code <module>/target/quarkus-app/quarkus-run.jar}) running as its own
 * operating-system process, as {@code ./kept up} runs it: for end-to-end tests and benchmarks
 * that need real process boundaries, SIGKILL included.
 */
public final class ServiceProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final Path jar;
    private final int port;
    private final int managementPort = freePort();
    private final Map<String, String> environment;
    private final Path log;
    private volatile Process process;
    private volatile List<String> jvmOptions = List.of();

    private ServiceProcess(String name, Path jar, int port, Map<String, String> environment, Path log) {
        this.name = name;
        this.jar = jar;
        this.port = port;
        this.environment = Map.copyOf(environment);
        this.log = log;
    }

    /**
     * A service of the repository at {@code root} on a free port, its output appended to
     * {@code <logDir>/<module>.log}; not started yet.
     */
    public static ServiceProcess of(Path root, String module, Map<String, String> environment, Path logDir) {
        Path jar = root.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: package " + module + " first");
        }
        return new ServiceProcess(module, jar, freePort(), environment, logDir.resolve(module + ".log"));
    }

    public String name() {
        return name;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public long pid() {
        return process.pid();
    }

    public Path log() {
        return log;
    }

    /**
     * JVM options added after the defaults ({@code -Xmx256m -XX:+UseSerialGC}), as the image's run-java.sh adds
     * {@code JAVA_OPTS_APPEND}; they apply from the next {@link #start()}.
     */
    public ServiceProcess jvmOptions(List<String> options) {
        this.jvmOptions = List.copyOf(options);
        return this;
    }

    /** Launches the process (with the JVM running this code) and returns without waiting. */
    public synchronized ServiceProcess start() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(name + " runs already");
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:+UseSerialGC"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-Dquarkus.http.host=127.0.0.1", "-Dquarkus.http.port=" + port,
                // Each process its own management (metrics) port, or the second to start could not bind 9000.
                "-Dquarkus.management.host=127.0.0.1", "-Dquarkus.management.port=" + managementPort,
                "-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        // Trusts the tests' signing key (Tokens), unless the caller names another.
        builder.environment().put("KEPT_JWT_PUBLIC_KEY_LOCATION", Tokens.publicKey(Tokens.testKeys()).toString());
        builder.environment().put("KEPT_JWT_ISSUER", Tokens.TEST_ISSUER);
        builder.environment().put("KEPT_JWT_AUDIENCE", Tokens.AUDIENCE);
        builder.environment().putAll(environment);
        try {
            Files.createDirectories(log.getParent());
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + name, e);
        }
        return this;
    }

    /** Waits until {@code /q/health/ready} answers 200; fails with the log's tail when the process dies or time runs out. */
    public ServiceProcess awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + ":\n" + logTail());
            }
            if (ready()) {
                return this;
            }
            sleep(Duration.ofMillis(200));
        }
        throw new IllegalStateException(name + " not ready within " + timeout + ":\n" + logTail());
    }

    public boolean ready() {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url() + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(5)).build();
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** SIGKILL: the process gets no chance to finish anything, as in a crash or an OOM kill. */
    public void kill() {
        Process p = process;
        if (p != null) {
            p.destroyForcibly();
            await(p);
        }
    }

    /**
     * SIGTERM, as the kubelet stops a pod, then SIGKILL once {@code grace} (the pod's terminationGracePeriodSeconds)
     * has passed; answers whether the process ended by itself within it.
     */
    public boolean stop(Duration grace) {
        Process p = process;
        if (p == null || !p.isAlive()) {
            return true;
        }
        p.destroy();
        try {
            if (p.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                return true;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        p.destroyForcibly();
        await(p);
        return false;
    }

    /** SIGTERM, as Kubernetes stops a pod; SIGKILL when it has not stopped after 20 s. */
    public void stop() {
        Process p = process;
        if (p != null && p.isAlive()) {
            p.destroy();
            try {
                if (!p.waitFor(20, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroyForcibly();
            }
            await(p);
        }
    }

    /** The last lines of the service's output. */
    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        stop();
    }

    private static void await(Process p) {
        try {
            p.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
