"""Every user action as one Qt-free function of a `Library`: it does the work (reading, writing,
re-indexing, git) and returns its result together with a `Changes` value saying what changed, so
the app only runs it off the UI thread and refreshes what the `Changes` names."""
