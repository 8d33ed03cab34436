print("registry-gc: not built yet")
