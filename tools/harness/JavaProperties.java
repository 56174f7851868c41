// Reads config files the way ZooKeeper (QuorumPeerConfig.parse) and Kafka (Utils.loadProps) do:
// java.util.Properties.load on an InputStream, so ISO-8859-1 with backslash-u escapes and Java's own rules
// for `=`, `:`, `\`, `#`, `!` and continuation lines. One JVM serves a whole test suite: a file path per
// line on stdin, one JSON line per path on stdout ({"ok":true,"properties":{…}} or {"ok":false,"error":…}).
// Run as `java test/harness/JavaProperties.java` (the source launcher; no build step).
import java.io.BufferedReader;
import java.io.FileInputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.TreeSet;

public class JavaProperties {
  public static void main(String[] args) throws Exception {
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
    String path;
    while ((path = in.readLine()) != null) {
      out.println(parse(path));
      out.flush();
    }
  }

  static String parse(String path) {
    Properties properties = new Properties();
    try (FileInputStream stream = new FileInputStream(path)) {
      properties.load(stream);
    } catch (Exception e) {
      // A malformed backslash-u escape throws IllegalArgumentException: the server would not start either.
      return "{\"ok\":false,\"error\":" + json(e.toString()) + "}";
    }
    StringBuilder body = new StringBuilder("{\"ok\":true,\"properties\":{");
    boolean first = true;
    for (String key : new TreeSet<>(properties.stringPropertyNames())) {
      if (!first) body.append(',');
      first = false;
      body.append(json(key)).append(':').append(json(properties.getProperty(key)));
    }
    return body.append("}}").toString();
  }

  /** A JSON string; everything outside printable ASCII as backslash-u escapes, so the reply is one ASCII line. */
  static String json(String text) {
    StringBuilder out = new StringBuilder("\"");
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"' || c == '\\') out.append('\\').append(c);
      else if (c < 0x20 || c > 0x7e) out.append(String.format("\\u%04x", (int) c));
      else out.append(c);
    }
    return out.append('"').toString();
  }
}
