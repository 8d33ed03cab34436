print("gc-conformance: not built yet")
