package io.replmesh.node.browser;

import static org.assertj.core.api.Assertions.assertThat;

import io.replmesh.node.ReplmeshNode;
import io.replmesh.node.TestNodes;
import io.vertx.core.Vertx;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The web client in a real headless Chromium against a real node. */
class WebClientBrowserTest {
  private static Vertx vertx;
  private static ReplmeshNode node;

  @BeforeAll
  static void startNode() {
    vertx = Vertx.vertx();
    node = TestNodes.start(vertx);
  }

  @AfterAll
  static void stopNode() {
    vertx.close().await();
  }

  @Test
  void startsAPythonSessionAndShowsTheResultOfSixTimesSeven() throws Exception {
    ChromeDriver driver = Browser.start();
    try {
      driver.get("http://127.0.0.1:" + node.httpPort() + "/");
      WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(20));
      wait.until(d -> d.findElement(By.id("runtime-select")).isEnabled());
      new Select(driver.findElement(By.id("runtime-select"))).selectByValue("python");
      driver.findElement(By.id("start-button")).click();
      wait.until(d -> "connected".equals(d.findElement(By.id("conn-state")).getAttribute("data-state")));
      wait.until(d -> screen(d).contains(">>>"));

      driver.findElement(By.cssSelector("#terminal .xterm-helper-textarea")).sendKeys("6*7", Keys.ENTER);

      wait.until(d -> screen(d).contains("42"));
      assertThat(screen(driver)).contains(">>> 6*7");
      assertThat(driver.findElement(By.id("share-write-link")).getText()).contains("token=");
      assertThat(driver.findElement(By.id("share-read-link")).getText()).contains("token=");
    } finally {
      driver.quit();
    }
  }

  /** The text xterm.js rendered (the DOM renderer keeps it in .xterm-rows). */
  private static String screen(WebDriver driver) {
    return driver.findElement(By.cssSelector("#terminal .xterm-rows")).getText();
  }
}
