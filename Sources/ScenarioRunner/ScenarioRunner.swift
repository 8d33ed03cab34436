// The scenario runner library.
