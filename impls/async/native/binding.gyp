{
  "targets": [
    {
      "target_name": "task_context",
      "sources": ["task_context.cc"],
      "cflags_cc": ["-Wno-cast-function-type"]
    }
  ]
}
