from flowdsl import Wait, Workflow

w = Wait("Pause", seconds=10, timestamp="2026-01-01T00:00:00Z")  # expect: wait-duration
workflow = Workflow("WaitBoth", w)
