from flowdsl import Pass, Workflow

if __name__ == "__main__":
    workflow = Workflow("Main", Pass("P"))
# expect-file: no-workflow
