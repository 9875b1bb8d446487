package poctracker.opensearch;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.opensearch.analysis.common.CommonAnalysisPlugin;
import org.opensearch.common.settings.Settings;
import org.opensearch.env.Environment;
import org.opensearch.node.Node;
import org.opensearch.painless.PainlessPlugin;
import org.opensearch.transport.Netty4Plugin;

/**
 * A real single-node OpenSearch server assembled from Maven Central jars.
 *
 * <p>Usage: {@code java -cp 'target/classes:target/dependency/*' poctracker.opensearch.EmbeddedNode DATA_DIR [HTTP_PORT]}
 *
 * <p>The node subclasses {@link Node} so that the classpath plugins (Netty4 HTTP/transport and
 * analysis-common) can be passed in directly. Unlike the packaged distribution it installs no
 * security manager and runs no bootstrap checks (those live in the Bootstrap class, not in Node).
 * It listens on 127.0.0.1 only. SIGTERM/SIGINT close the node cleanly; with
 * {@code -Dpoc.exitOnStdinEof=true} it also exits when its stdin reaches EOF.
 */
public final class EmbeddedNode extends Node {

    public static final String READY_LINE = "EMBEDDED-OPENSEARCH READY";

    private EmbeddedNode(Environment env) {
        super(env, List.of(Netty4Plugin.class, CommonAnalysisPlugin.class, PainlessPlugin.class), true);
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: EmbeddedNode DATA_DIR [HTTP_PORT]");
            System.exit(2);
        }
        Path base = Paths.get(args[0]).toAbsolutePath().normalize();
        int httpPort = args.length > 1 ? Integer.parseInt(args[1]) : 9200;

        Path home = base.resolve("home");
        Path data = base.resolve("data");
        Path logs = base.resolve("logs");
        for (Path p : List.of(home.resolve("config"), home.resolve("plugins"), home.resolve("modules"), data, logs)) {
            Files.createDirectories(p);
        }

        Settings settings = Settings.builder()
            .put("cluster.name", System.getProperty("poc.cluster.name", "poc-tracker"))
            .put("node.name", "poc-node-" + httpPort)
            .put("path.home", home.toString())
            .put("path.data", data.toString())
            .put("path.logs", logs.toString())
            .put("network.host", "127.0.0.1")
            .put("http.port", httpPort)
            // transport is needed internally even for one node; pick any free port in this range
            .put("transport.port", "9300-9500")
            .put("discovery.type", "single-node")
            .put("cluster.routing.allocation.disk.threshold_enabled", false)
            .put("action.destructive_requires_name", false)
            .build();

        EmbeddedNode node = new EmbeddedNode(new Environment(settings, home.resolve("config")));
        CountDownLatch closed = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                node.close();
                node.awaitClose(20, TimeUnit.SECONDS);
            } catch (Exception e) {
                e.printStackTrace();
            } finally {
                closed.countDown();
            }
        }, "embedded-opensearch-shutdown"));

        if (Boolean.getBoolean("poc.exitOnStdinEof")) {
            // Watchdog for test harnesses: the parent holds our stdin open; when it dies
            // (even by SIGKILL) the pipe closes and the node shuts down instead of leaking.
            Thread watchdog = new Thread(() -> {
                try {
                    while (System.in.read() != -1) {
                        // ignore input
                    }
                } catch (Exception ignored) {
                    // treat errors like EOF
                }
                System.out.println("stdin closed: shutting down");
                System.exit(0);
            }, "stdin-eof-watchdog");
            watchdog.setDaemon(true);
            watchdog.start();
        }

        try {
            node.start();
        } catch (Throwable t) {
            System.err.println("EMBEDDED-OPENSEARCH FAILED to start: " + t);
            t.printStackTrace();
            System.exit(1); // the shutdown hook closes the node
        }
        System.out.println(READY_LINE + " http://127.0.0.1:" + httpPort + " data=" + base);
        System.out.flush();
        closed.await();
    }
}
