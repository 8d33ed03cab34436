import Glibc

/// Turns a host name or address literal and a port into socket addresses to
/// try in order.
///
/// IPv4 and IPv6 literals (`127.0.0.1`, `::1`) are converted directly, with
/// no lookup; names go through `getaddrinfo`, which blocks, so this runs only
/// on a connection thread.
enum SocketAddressResolver {
  /// One address `connect()` can take.
  struct Address: Sendable {
    var storage: sockaddr_storage
    var length: socklen_t
    var family: Int32
  }

  /// Why no address came out.
  struct Failure: Error, Sendable, Equatable {
    /// `getaddrinfo`'s explanation (`Name or service not known`).
    var reason: String
  }

  static func resolve(host: String, port: UInt16) -> Result<[Address], Failure> {
    if let literal = numericAddress(host: host, port: port) { return .success([literal]) }

    var hints = addrinfo()
    hints.ai_family = AF_UNSPEC
    hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
    hints.ai_protocol = Int32(IPPROTO_TCP)
    hints.ai_flags = AI_NUMERICSERV | AI_ADDRCONFIG
    var list: UnsafeMutablePointer<addrinfo>?
    let code = getaddrinfo(host, String(port), &hints, &list)
    guard code == 0, let list else {
      let reason = code == EAI_SYSTEM ? "system error \(errno)" : String(cString: gai_strerror(code))
      return .failure(Failure(reason: reason))
    }
    defer { freeaddrinfo(list) }
    var addresses: [Address] = []
    var entry: UnsafeMutablePointer<addrinfo>? = list
    while let current = entry {
      let info = current.pointee
      if let socketAddress = info.ai_addr, info.ai_family == AF_INET || info.ai_family == AF_INET6,
        Int(info.ai_addrlen) <= MemoryLayout<sockaddr_storage>.size
      {
        var storage = sockaddr_storage()
        withUnsafeMutableBytes(of: &storage) { target in
          target.copyMemory(from: UnsafeRawBufferPointer(start: socketAddress, count: Int(info.ai_addrlen)))
        }
        addresses.append(Address(storage: storage, length: info.ai_addrlen, family: info.ai_family))
      }
      entry = info.ai_next
    }
    guard !addresses.isEmpty else { return .failure(Failure(reason: "no IPv4 or IPv6 address")) }
    return .success(addresses)
  }

  /// The address for an IPv4 or IPv6 literal, or nil for a name.
  static func numericAddress(host: String, port: UInt16) -> Address? {
    var storage = sockaddr_storage()
    var ipv4 = in_addr()
    if inet_pton(AF_INET, host, &ipv4) == 1 {
      var address = sockaddr_in()
      address.sin_family = sa_family_t(AF_INET)
      address.sin_port = port.bigEndian
      address.sin_addr = ipv4
      withUnsafeMutableBytes(of: &storage) { target in
        withUnsafeBytes(of: &address) { target.copyMemory(from: $0) }
      }
      return Address(storage: storage, length: socklen_t(MemoryLayout<sockaddr_in>.size), family: AF_INET)
    }
    var ipv6 = in6_addr()
    if inet_pton(AF_INET6, host, &ipv6) == 1 {
      var address = sockaddr_in6()
      address.sin6_family = sa_family_t(AF_INET6)
      address.sin6_port = port.bigEndian
      address.sin6_addr = ipv6
      withUnsafeMutableBytes(of: &storage) { target in
        withUnsafeBytes(of: &address) { target.copyMemory(from: $0) }
      }
      return Address(storage: storage, length: socklen_t(MemoryLayout<sockaddr_in6>.size), family: AF_INET6)
    }
    return nil
  }
}
