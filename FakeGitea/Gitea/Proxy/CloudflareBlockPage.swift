import Foundation

/// The answer of a Cloudflare-style edge that refuses a browser signature
/// (error 1010): 403 with an HTML page, never JSON.
enum CloudflareBlockPage {
  /// The first blocking pattern that matches `userAgent`
  /// (a missing header counts as the empty string).
  static func blockingRule(for userAgent: String?, patterns: [String]) -> String? {
    let agent = userAgent ?? ""
    return patterns.first { WildcardPattern(pattern: $0).matches(agent) }
  }

  static func response(sequence: Int, rootURL: String, now: Date) -> ServerResponse {
    let ray = rayID(sequence: sequence)
    let host = URLParts.host(of: rootURL)
    let html = page(host: host, ray: ray, time: GoTimeFormat.rfc3339(now, offsetSeconds: 0))
    return ServerResponse(
      status: 403,
      headers: [
        HeaderField("Content-Type", "text/html; charset=UTF-8"),
        HeaderField("Server", "cloudflare"),
        HeaderField("CF-RAY", ray),
        HeaderField("Cache-Control", "private, max-age=0, no-store, no-cache, must-revalidate"),
        HeaderField("Expires", "Thu, 01 Jan 1970 00:00:01 GMT"),
        HeaderField("Referrer-Policy", "same-origin"),
        HeaderField("X-Frame-Options", "SAMEORIGIN"),
      ],
      body: Data(html.utf8))
  }

  /// A stable, made-up ray id: 16 hex digits and a data-centre code.
  static func rayID(sequence: Int) -> String {
    var mixed = UInt64(truncatingIfNeeded: sequence) &+ 0x9e37_79b9_7f4a_7c15
    mixed = (mixed ^ (mixed >> 30)) &* 0xbf58_476d_1ce4_e5b9
    mixed = (mixed ^ (mixed >> 27)) &* 0x94d0_49bb_1331_11eb
    mixed ^= mixed >> 31
    return MessagePadding.hex(mixed.bigEndianBytes) + "-FRA"
  }

  private static func page(host: String, ray: String, time: String) -> String {
    """
    <!DOCTYPE html>
    <html lang="en-US">
    <head>
    <meta charset="UTF-8">
    <meta name="robots" content="noindex, nofollow">
    <title>Access denied | \(host) used Cloudflare to restrict access</title>
    </head>
    <body>
    <div id="cf-wrapper">
    <div id="cf-error-details">
    <header>
    <h1><span class="cf-error-type">Error</span> <span class="cf-error-code">1010</span></h1>
    <span class="cf-footer-item">Ray ID: \(ray)</span> &bull; <span class="cf-footer-item">\(time)</span>
    <h2 class="cf-subheadline">Access denied</h2>
    </header>
    <section>
    <h2>What happened?</h2>
    <p>The owner of this website (\(host)) has banned your access based on your browser's signature (\(ray)).</p>
    <h2>What can I do?</h2>
    <p>Requests are refused by the signature of the client that sends them. Use a client that identifies itself
    with a different User-Agent, or ask the site owner to allow yours.</p>
    </section>
    <footer>
    <p>Cloudflare Ray ID: <strong>\(ray)</strong> &bull; Performance &amp; security by Cloudflare</p>
    </footer>
    </div>
    </div>
    </body>
    </html>

    """
  }
}
