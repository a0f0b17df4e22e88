from flowdsl import Task, Wait, Workflow

w = Wait("Pause", seconds=-5)  # expect: value-out-of-range
work = Task("Work", function_name="Work").retry("States.ALL", max_attempts=-1, backoff_rate=0.5, interval_seconds=0)  # expect: value-out-of-range, value-out-of-range, value-out-of-range
workflow = Workflow("Negative", w >> work, timeout_seconds=0)  # expect: value-out-of-range
