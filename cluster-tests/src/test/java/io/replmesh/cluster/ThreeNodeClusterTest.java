package io.replmesh.cluster;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A fresh 3-node cluster for every test: these tests kill, stop or drain a node. */
abstract class ThreeNodeClusterTest {
  protected TestCluster cluster;

  @BeforeEach
  void startCluster() throws Exception {
    cluster = TestCluster.start(3);
  }

  @AfterEach
  void stopCluster() throws Exception {
    cluster.close();
  }
}
