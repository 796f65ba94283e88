// Exposes V8's continuation-preserved embedder data slot to JavaScript, so the async style can find the running task
// without async_hooks. See impls/async/context.ts for why and when it is used.
//
// V8 stores the slot's value on every promise reaction when the reaction is registered (an `await`, a `.then`) and
// puts it back while the reaction runs. Node 22.7+ builds AsyncLocalStorage on the same slot (AsyncContextFrame);
// Node 20 never touches it, so on Node 20 this module is its only user.
#include <node.h>

namespace {

void GetContext(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Local<v8::Context> context = info.GetIsolate()->GetCurrentContext();
  info.GetReturnValue().Set(context->GetContinuationPreservedEmbedderData());
}

void SetContext(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Local<v8::Context> context = info.GetIsolate()->GetCurrentContext();
  context->SetContinuationPreservedEmbedderData(info[0]);
}

}  // namespace

NODE_MODULE_INIT(/* exports, module, context */) {
  NODE_SET_METHOD(exports, "get", GetContext);
  NODE_SET_METHOD(exports, "set", SetContext);
}
