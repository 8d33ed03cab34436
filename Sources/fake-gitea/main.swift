print("fake-gitea: not built yet")
