from flowdsl import Pass, Succeed, Workflow

first = Pass("Überprüfung 🚀")
second = Succeed("完成")
workflow = Workflow("Unicode", first >> second)
