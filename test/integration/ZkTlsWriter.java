// A ZooKeeper client over TLS that keeps writing, for the certificate rotation test: the real Java
// client (ClientCnxnSocketNetty, PEM keystore) with the settings of a ZKClientConfig file, as
// client-tls.properties gives them to zkCli.sh. It creates /tls-rotation/w-<n>, n = 1, 2, … one after
// the other and prints `ack <n>` once ZooKeeper has acknowledged it. A create whose connection was lost
// is retried (NodeExists then means the first try was applied: acknowledged now). When a line `stop`
// (or the end) comes on stdin it stops, reads the children back in a new session and prints
// `present <n>,<n>,…`.
// Run as `java -cp '<zookeeper lib>/*' test/integration/ZkTlsWriter.java <connect string> <config file>`.
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.client.ZKClientConfig;

public class ZkTlsWriter {
  static final String ROOT = "/tls-rotation";

  public static void main(String[] args) throws Exception {
    String connect = args[0];
    ZKClientConfig config = new ZKClientConfig(Paths.get(args[1]));
    AtomicBoolean stop = new AtomicBoolean(false);
    Thread stdin = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in))) {
        String line;
        while ((line = in.readLine()) != null && !line.trim().equals("stop")) {}
      } catch (Exception e) {
        // the end of stdin is a stop too
      }
      stop.set(true);
    });
    stdin.setDaemon(true);
    stdin.start();

    ZooKeeper zk = open(connect, config);
    try {
      zk.create(ROOT, new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
    } catch (KeeperException.NodeExistsException e) {
      // a second run on the same ensemble
    }
    System.out.println("ready");
    System.out.flush();
    int n = 1;
    while (!stop.get()) {
      String path = ROOT + "/w-" + n;
      try {
        zk.create(path, ("write " + n).getBytes(), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
      } catch (KeeperException.NodeExistsException e) {
        // a retried create whose first try was applied
      } catch (KeeperException.SessionExpiredException e) {
        zk.close();
        zk = open(connect, config);
        continue;
      } catch (KeeperException e) {
        System.err.println("retrying w-" + n + ": " + e.code());
        Thread.sleep(100);
        continue;
      }
      System.out.println("ack " + n);
      System.out.flush();
      n++;
      Thread.sleep(20);
    }
    zk.close();

    ZooKeeper reader = open(connect, config);
    List<String> children = reader.getChildren(ROOT, false);
    reader.close();
    String present = children.stream()
        .map(child -> child.substring("w-".length()))
        .sorted((a, b) -> Integer.parseInt(a) - Integer.parseInt(b))
        .collect(Collectors.joining(","));
    System.out.println("present " + present);
    System.out.flush();
  }

  static ZooKeeper open(String connect, ZKClientConfig config) throws Exception {
    CountDownLatch connected = new CountDownLatch(1);
    ZooKeeper zk = new ZooKeeper(connect, 15000, event -> {
      if (event.getState() == Watcher.Event.KeeperState.SyncConnected) connected.countDown();
    }, config);
    if (!connected.await(30, TimeUnit.SECONDS)) throw new IllegalStateException("not connected within 30 s");
    return zk;
  }
}
