import { classifyCudaFailure, shortCudaReason } from './cuda-errors.js';

// Messages onnxruntime emits, as users reported them (the first line of the error; paths and host
// names as in the reports).
const MESSAGES = {
  // onnxruntime-node 1.30 on this project's CPU-only install (ONNXRUNTIME_NODE_INSTALL=skip), deviceId 0.
  nodeWithoutCudaLibrary: 'OrtSessionOptionsAppendExecutionProvider_Cuda: Failed to load shared library',
  // microsoft/onnxruntime#12540
  cublasMissing:
    '/onnxruntime_src/onnxruntime/core/session/provider_bridge_ort.cc:1029 onnxruntime::Provider& onnxruntime::ProviderLibrary::Get() [ONNXRuntimeError] : 1 : FAIL : Failed to load library libonnxruntime_providers_cuda.so with error: libcublas.so.11: cannot open shared object file: No such file or directory',
  // pykeio/ort#548 (a CUDA 12 build on a CUDA 13 machine; the reporter's build and library folders replaced)
  cublasLtMissing:
    '/onnxruntime_src/onnxruntime/core/session/provider_bridge_ort.cc:1952 Provider &onnxruntime::ProviderLibrary::Get() [ONNXRuntimeError] : 1 : FAIL : Failed to load library node_modules/onnxruntime-node/bin/napi-v6/linux/x64/libonnxruntime_providers_cuda.so with error: libcublasLt.so.12: cannot open shared object file: No such file or directory',
  // Gourieff/sd-webui-reactor#503
  cudnnMissing: 'FAIL : Failed to load library libonnxruntime_providers_cuda.so with error: libcudnn.so.9: cannot open shared object file: No such file or directory',
  // deepinsight/insightface#2524
  noDevice:
    '/onnxruntime_src/onnxruntime/core/providers/cuda/cuda_call.cc:114 std::conditional_t<THRW, void, onnxruntime::common::Status> onnxruntime::CudaCall(ERRTYPE, const char*, const char*, ERRTYPE, const char*, const char*, int) [with ERRTYPE = cudaError; bool THRW = true; std::conditional_t<THRW, void, onnxruntime::common::Status> = void] CUDA failure 100: no CUDA-capable device is detected ; GPU=32712 ; hostname=HOME-PC ; file=/onnxruntime_src/onnxruntime/core/providers/cuda/cuda_execution_provider.cc ; line=245 ; expr=cudaSetDevice(info_.device_id);',
  // hacksider/Deep-Live-Cam#584
  outOfMemory:
    '[ONNXRuntimeError] : 1 : FAIL : D:\\a\\_work\\1\\s\\onnxruntime\\core\\providers\\cuda\\cuda_call.cc:121 onnxruntime::CudaCall D:\\a\\_work\\1\\s\\onnxruntime\\core\\providers\\cuda\\cuda_call.cc:114 onnxruntime::CudaCall CUDA failure 2: out of memory ; GPU=0 ; hostname=DESKTOP-QUBEI ; file=D:\\a\\_work\\1\\s\\onnxruntime\\core\\providers\\cuda\\cuda_stream_handle.cc ; line=175 ; expr=cudaStreamCreateWithFlags(&stream, cudaStreamNonBlocking);',
  // microsoft/onnxruntime#9939
  arenaOutOfMemory:
    "[ONNXRuntimeError] : 6 : RUNTIME_EXCEPTION : Non-zero status code returned while running FusedMatMul node. Name:'MatMul_92_FusedMatMulAndScale' Status Message: /onnxruntime_src/onnxruntime/core/framework/bfc_arena.cc:331 void* onnxruntime::BFCArena::AllocateRawInternal(size_t, bool) Failed to allocate memory for requested buffer of size 8388608000",
  // hacksider/Deep-Live-Cam#645
  cublasAlloc:
    "[ONNXRuntimeError] : 6 : RUNTIME_EXCEPTION : Non-zero status code returned while running Gemm node. Name:'fc1' Status Message: D:\\a\\_work\\1\\s\\onnxruntime\\core\\providers\\cuda\\cuda_call.cc:121 onnxruntime::CudaCall D:\\a\\_work\\1\\s\\onnxruntime\\core\\providers\\cuda\\cuda_call.cc:114 onnxruntime::CudaCall CUBLAS failure 3: CUBLAS_STATUS_ALLOC_FAILED ; GPU=0 ; hostname=TOBI ; file=D:\\a\\_work\\1\\s\\onnxruntime\\core\\providers\\cuda\\cuda_execution_provider.cc ; line=168 ; expr=cublasCreate(&cublas_handle_);",
  // vosen/ZLUDA#321
  cudnnInternal:
    '[ONNXRuntimeError] : 6 : RUNTIME_EXCEPTION : Exception during initialization: D:\\a_work\\1\\s\\onnxruntime\\core\\providers\\cuda\\cuda_call.cc:121 onnxruntime::CudaCall D:\\a_work\\1\\s\\onnxruntime\\core\\providers\\cuda\\cuda_call.cc:114 onnxruntime::CudaCall CUDNN failure 4: CUDNN_STATUS_INTERNAL_ERROR ; GPU=0 ; hostname=DESKTOP-8DCH4H4 ; file=D:\\a_work\\1\\s\\onnxruntime\\core\\providers\\cuda\\cuda_execution_provider.cc ; line=174 ; expr=cudnnCreate(&cudnn_handle_);',
  // itsnine/yolov5-onnxruntime#20
  invalidOrdinal:
    '/onnxruntime_src/onnxruntime/core/providers/cuda/cuda_call.cc:115 bool onnxruntime::CudaCall(ERRTYPE, const char*, const char*, ERRTYPE, const char*) [with ERRTYPE = cudaError; bool THRW = true] CUDA failure 101: invalid device ordinal ; GPU=0 ; hostname=4dbec2b03d4e ; expr=cudaSetDevice(info_.device_id);',
};

describe('classifyCudaFailure', () => {
  it('calls CUDA unavailable only when the provider library (or what it needs) cannot be loaded, or there is no GPU', () => {
    for (const message of [MESSAGES.nodeWithoutCudaLibrary, MESSAGES.cublasMissing, MESSAGES.cublasLtMissing, MESSAGES.cudnnMissing, MESSAGES.noDevice]) {
      expect(classifyCudaFailure(message)).toBe('unavailable');
    }
  });

  it('calls an out-of-memory an out-of-memory, whichever allocator reports it', () => {
    for (const message of [MESSAGES.outOfMemory, MESSAGES.arenaOutOfMemory, MESSAGES.cublasAlloc]) {
      expect(classifyCudaFailure(message)).toBe('out-of-memory');
    }
  });

  it('tells a GPU index that does not exist and other CUDA failures apart from unavailability', () => {
    expect(classifyCudaFailure(MESSAGES.invalidOrdinal)).toBe('no-such-gpu');
    expect(classifyCudaFailure(MESSAGES.cudnnInternal)).toBe('cuda-error');
  });

  it('does not read a model stored under a "cuda" folder as a CUDA failure', () => {
    const path = '/models/cuda-test/model.onnx';
    expect(classifyCudaFailure(`Load model from ${path} failed:Protobuf parsing failed.`, path)).toBe('not-cuda');
    expect(classifyCudaFailure(`Load model from ${path} failed:Protobuf parsing failed.`)).toBe('cuda-error');
  });
});

describe('shortCudaReason', () => {
  it('keeps the status and drops the source paths and expression', () => {
    expect(shortCudaReason(MESSAGES.outOfMemory)).toBe('CUDA failure 2: out of memory');
    expect(shortCudaReason(MESSAGES.cudnnInternal)).toBe('CUDNN failure 4: CUDNN_STATUS_INTERNAL_ERROR');
    expect(shortCudaReason(MESSAGES.arenaOutOfMemory)).toBe('Failed to allocate memory for requested buffer of size 8388608000');
    expect(shortCudaReason(MESSAGES.cudnnMissing)).toBe('Failed to load library libonnxruntime_providers_cuda.so with error: libcudnn.so.9: cannot open shared object file: No such file or directory');
    expect(shortCudaReason(MESSAGES.cublasLtMissing)).toBe(
      'Failed to load library node_modules/onnxruntime-node/bin/napi-v6/linux/x64/libonnxruntime_providers_cuda.so with error: libcublasLt.so.12: cannot open shared object file: No such file or directory',
    );
    expect(shortCudaReason(MESSAGES.nodeWithoutCudaLibrary)).toBe(MESSAGES.nodeWithoutCudaLibrary);
  });
});
