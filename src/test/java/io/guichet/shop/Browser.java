package io.guichet.shop;

import com.microsoft.playwright.Browser.NewContextOptions;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import io.guichet.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Chromium installed on the machine (Debian's package), driven by Playwright: nothing is
 * downloaded at test time ({@code PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD}; Playwright's driver comes in
 * its Maven jar). One browser per test class; each buyer is a context of its own (cookies and
 * storage apart, like two people on two machines).
 */
final class Browser implements AutoCloseable {
  /** Where the screenshots of every step are kept (test artefacts). */
  static final Path SCREENSHOTS = Path.of("target", "screenshots");

  private static final List<String> CANDIDATES =
      List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome");

  private final Playwright playwright;
  private final com.microsoft.playwright.Browser browser;

  private Browser(Path executable) {
    Map<String, String> env = Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
    playwright = Playwright.create(new Playwright.CreateOptions().setEnv(env));
    browser =
        playwright
            .chromium()
            .launch(
                new BrowserType.LaunchOptions()
                    .setExecutablePath(executable)
                    .setHeadless(true)
                    .setArgs(List.of("--no-sandbox", "--disable-dev-shm-usage")));
  }

  /** The installed Chromium: GUICHET_CHROMIUM, else the usual Debian paths; empty without one. */
  static Optional<Path> installedChromium() {
    String configured = System.getenv("GUICHET_CHROMIUM");
    if (configured != null && !configured.isBlank()) {
      return Optional.of(Path.of(configured)).filter(Files::isExecutable);
    }
    return CANDIDATES.stream().map(Path::of).filter(Files::isExecutable).findFirst();
  }

  static Browser start(Path executable) {
    return new Browser(executable);
  }

  /** A new buyer (a context of its own) on a page of this width, in English. */
  Page buyer(int width, int height) {
    BrowserContext context =
        browser.newContext(
            new NewContextOptions()
                .setViewportSize(width, height)
                .setLocale("en-GB")
                .setBaseURL("http://127.0.0.1:" + TestServer.port()));
    context.setDefaultTimeout(20_000);
    return context.newPage();
  }

  static void screenshot(Page page, String name) {
    page.screenshot(
        new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve(name + ".png")).setFullPage(true));
  }

  @Override
  public void close() {
    browser.close();
    playwright.close();
  }
}
