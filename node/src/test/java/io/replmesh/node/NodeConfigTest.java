package io.replmesh.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeConfigTest {

  @Test
  void defaultsComeFromConf() {
    JsonObject config = NodeConfig.load(Map.of());
    assertThat(config.getJsonObject("http").getInteger("port")).isEqualTo(8080);
    assertThat(config.getJsonObject("runtimes").fieldNames()).contains("python", "node", "ruby", "bash", "jshell");
    assertThat(config.getString("node")).isNotBlank();
    assertThat(config.getString("workspaceRoot")).contains("replmesh");
  }

  @Test
  void aConfFileIsMergedAndEnvironmentVariablesWin(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("replmesh.json");
    Files.writeString(file, """
        {"http": {"port": 9000}, "runtimes": {"lua": {"command": ["lua", "-i"]}}}""");
    JsonObject config = NodeConfig.load(Map.of("REPLMESH_CONF", file.toString(), "REPLMESH_HTTP_PORT", "9100",
        "REPLMESH_NODE_NAME", "n1", "REPLMESH_SANDBOX", "process", "REPLMESH_HTTP_HOST", "10.1.2.3"));
    assertThat(config.getJsonObject("http").getInteger("port")).isEqualTo(9100);
    assertThat(config.getJsonObject("http").getString("host")).isEqualTo("10.1.2.3");
    assertThat(config.getString("node")).isEqualTo("n1");
    assertThat(config.getJsonObject("runtimes").fieldNames()).contains("python", "lua");
  }
}
