using System.Runtime.InteropServices;

namespace QwenHelp.Infrastructure.Inference.OnnxRuntime;

#pragma warning disable CA1707, CA1711, CA1815, CA1008, CA1028, CA1720 // names and values mirror onnxruntime_c_api.h

/// <summary>The API version of ONNX Runtime 1.30 (ORT_API_VERSION in its onnxruntime_c_api.h).</summary>
internal static class OrtApiVersion
{
    public const uint Required = 30;
    public static readonly Version MinimumLibrary = new(1, 30, 0);

    /// <summary>Function pointers in <see cref="OrtApi"/> for API version 30.</summary>
    public const int FunctionCount = 426;
}

internal enum OrtErrorCode
{
    Ok = 0,
    Fail = 1,
    InvalidArgument = 2,
    NoSuchFile = 3,
    NoModel = 4,
    EngineError = 5,
    RuntimeException = 6,
    InvalidProtobuf = 7,
    ModelLoaded = 8,
    NotImplemented = 9,
    InvalidGraph = 10,
    EpFail = 11,
}

internal enum OrtLoggingLevel
{
    Verbose = 0,
    Info = 1,
    Warning = 2,
    Error = 3,
    Fatal = 4,
}

internal enum GraphOptimizationLevel
{
    DisableAll = 0,
    EnableBasic = 1,
    EnableExtended = 2,
    EnableAll = 99,
}

internal enum OrtAllocatorType
{
    Device = 0,
    Arena = 1,
}

internal enum OrtMemType
{
    CpuOutput = -1,
    Default = 0,
}

/// <summary>ONNXTensorElementDataType.</summary>
public enum TensorElementType
{
    Undefined = 0,
    Float = 1,
    UInt8 = 2,
    Int8 = 3,
    UInt16 = 4,
    Int16 = 5,
    Int32 = 6,
    Int64 = 7,
    String = 8,
    Bool = 9,
    Float16 = 10,
    Double = 11,
    UInt32 = 12,
    UInt64 = 13,
    Complex64 = 14,
    Complex128 = 15,
    BFloat16 = 16,
}

/// <summary>The OrtApiBase struct: the two entry points OrtGetApiBase returns.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct OrtApiBase
{
    public delegate* unmanaged<uint, OrtApi*> GetApi;
    public delegate* unmanaged<byte*> GetVersionString;
}

/// <summary>
/// The OrtApi function table of ONNX Runtime 1.30 (API version 30), every entry in the order of
/// onnxruntime_c_api.h: the table is append-only, so an entry's index never changes between versions.
/// Entries this binding calls are typed function pointers; the others are kept as <c>nint</c> so that
/// the layout stays exact. The number after each entry is its index.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct OrtApi
{
    public delegate* unmanaged<OrtErrorCode, byte*, nint> CreateStatus; // 0
    public delegate* unmanaged<nint, OrtErrorCode> GetErrorCode; // 1
    public delegate* unmanaged<nint, byte*> GetErrorMessage; // 2
    public delegate* unmanaged<OrtLoggingLevel, byte*, nint*, nint> CreateEnv; // 3
    public nint CreateEnvWithCustomLogger; // 4
    public nint EnableTelemetryEvents; // 5
    public nint DisableTelemetryEvents; // 6
    public delegate* unmanaged<nint, byte*, nint, nint*, nint> CreateSession; // 7
    public nint CreateSessionFromArray; // 8
    public delegate* unmanaged<nint, nint, byte**, nint*, nuint, byte**, nuint, nint*, nint> Run; // 9
    public delegate* unmanaged<nint*, nint> CreateSessionOptions; // 10
    public nint SetOptimizedModelFilePath; // 11
    public nint CloneSessionOptions; // 12
    public nint SetSessionExecutionMode; // 13
    public nint EnableProfiling; // 14
    public nint DisableProfiling; // 15
    public nint EnableMemPattern; // 16
    public nint DisableMemPattern; // 17
    public nint EnableCpuMemArena; // 18
    public nint DisableCpuMemArena; // 19
    public nint SetSessionLogId; // 20
    public nint SetSessionLogVerbosityLevel; // 21
    public nint SetSessionLogSeverityLevel; // 22
    public delegate* unmanaged<nint, GraphOptimizationLevel, nint> SetSessionGraphOptimizationLevel; // 23
    public delegate* unmanaged<nint, int, nint> SetIntraOpNumThreads; // 24
    public delegate* unmanaged<nint, int, nint> SetInterOpNumThreads; // 25
    public nint CreateCustomOpDomain; // 26
    public nint CustomOpDomain_Add; // 27
    public nint AddCustomOpDomain; // 28
    public nint RegisterCustomOpsLibrary; // 29
    public delegate* unmanaged<nint, nuint*, nint> SessionGetInputCount; // 30
    public delegate* unmanaged<nint, nuint*, nint> SessionGetOutputCount; // 31
    public nint SessionGetOverridableInitializerCount; // 32
    public delegate* unmanaged<nint, nuint, nint*, nint> SessionGetInputTypeInfo; // 33
    public delegate* unmanaged<nint, nuint, nint*, nint> SessionGetOutputTypeInfo; // 34
    public nint SessionGetOverridableInitializerTypeInfo; // 35
    public delegate* unmanaged<nint, nuint, nint, byte**, nint> SessionGetInputName; // 36
    public delegate* unmanaged<nint, nuint, nint, byte**, nint> SessionGetOutputName; // 37
    public nint SessionGetOverridableInitializerName; // 38
    public delegate* unmanaged<nint*, nint> CreateRunOptions; // 39
    public nint RunOptionsSetRunLogVerbosityLevel; // 40
    public nint RunOptionsSetRunLogSeverityLevel; // 41
    public nint RunOptionsSetRunTag; // 42
    public nint RunOptionsGetRunLogVerbosityLevel; // 43
    public nint RunOptionsGetRunLogSeverityLevel; // 44
    public nint RunOptionsGetRunTag; // 45
    public delegate* unmanaged<nint, nint> RunOptionsSetTerminate; // 46
    public nint RunOptionsUnsetTerminate; // 47
    public delegate* unmanaged<nint, long*, nuint, TensorElementType, nint*, nint> CreateTensorAsOrtValue; // 48
    public delegate* unmanaged<nint, void*, nuint, long*, nuint, TensorElementType, nint*, nint> CreateTensorWithDataAsOrtValue; // 49
    public nint IsTensor; // 50
    public delegate* unmanaged<nint, void**, nint> GetTensorMutableData; // 51
    public nint FillStringTensor; // 52
    public nint GetStringTensorDataLength; // 53
    public nint GetStringTensorContent; // 54
    public delegate* unmanaged<nint, nint*, nint> CastTypeInfoToTensorInfo; // 55
    public nint GetOnnxTypeFromTypeInfo; // 56
    public nint CreateTensorTypeAndShapeInfo; // 57
    public nint SetTensorElementType; // 58
    public nint SetDimensions; // 59
    public delegate* unmanaged<nint, TensorElementType*, nint> GetTensorElementType; // 60
    public delegate* unmanaged<nint, nuint*, nint> GetDimensionsCount; // 61
    public delegate* unmanaged<nint, long*, nuint, nint> GetDimensions; // 62
    public delegate* unmanaged<nint, byte**, nuint, nint> GetSymbolicDimensions; // 63
    public nint GetTensorShapeElementCount; // 64
    public delegate* unmanaged<nint, nint*, nint> GetTensorTypeAndShape; // 65
    public nint GetTypeInfo; // 66
    public nint GetValueType; // 67
    public nint CreateMemoryInfo; // 68
    public delegate* unmanaged<OrtAllocatorType, OrtMemType, nint*, nint> CreateCpuMemoryInfo; // 69
    public nint CompareMemoryInfo; // 70
    public nint MemoryInfoGetName; // 71
    public nint MemoryInfoGetId; // 72
    public nint MemoryInfoGetMemType; // 73
    public nint MemoryInfoGetType; // 74
    public nint AllocatorAlloc; // 75
    public delegate* unmanaged<nint, void*, nint> AllocatorFree; // 76
    public nint AllocatorGetInfo; // 77
    public delegate* unmanaged<nint*, nint> GetAllocatorWithDefaultOptions; // 78
    public nint AddFreeDimensionOverride; // 79
    public nint GetValue; // 80
    public nint GetValueCount; // 81
    public nint CreateValue; // 82
    public nint CreateOpaqueValue; // 83
    public nint GetOpaqueValue; // 84
    public nint KernelInfoGetAttribute_float; // 85
    public nint KernelInfoGetAttribute_int64; // 86
    public nint KernelInfoGetAttribute_string; // 87
    public nint KernelContext_GetInputCount; // 88
    public nint KernelContext_GetOutputCount; // 89
    public nint KernelContext_GetInput; // 90
    public nint KernelContext_GetOutput; // 91
    public delegate* unmanaged<nint, void> ReleaseEnv; // 92
    public delegate* unmanaged<nint, void> ReleaseStatus; // 93
    public delegate* unmanaged<nint, void> ReleaseMemoryInfo; // 94
    public delegate* unmanaged<nint, void> ReleaseSession; // 95
    public delegate* unmanaged<nint, void> ReleaseValue; // 96
    public delegate* unmanaged<nint, void> ReleaseRunOptions; // 97
    public delegate* unmanaged<nint, void> ReleaseTypeInfo; // 98
    public delegate* unmanaged<nint, void> ReleaseTensorTypeAndShapeInfo; // 99
    public delegate* unmanaged<nint, void> ReleaseSessionOptions; // 100
    public nint ReleaseCustomOpDomain; // 101
    public nint GetDenotationFromTypeInfo; // 102
    public nint CastTypeInfoToMapTypeInfo; // 103
    public nint CastTypeInfoToSequenceTypeInfo; // 104
    public nint GetMapKeyType; // 105
    public nint GetMapValueType; // 106
    public nint GetSequenceElementType; // 107
    public nint ReleaseMapTypeInfo; // 108
    public nint ReleaseSequenceTypeInfo; // 109
    public nint SessionEndProfiling; // 110
    public nint SessionGetModelMetadata; // 111
    public nint ModelMetadataGetProducerName; // 112
    public nint ModelMetadataGetGraphName; // 113
    public nint ModelMetadataGetDomain; // 114
    public nint ModelMetadataGetDescription; // 115
    public nint ModelMetadataLookupCustomMetadataMap; // 116
    public nint ModelMetadataGetVersion; // 117
    public nint ReleaseModelMetadata; // 118
    public nint CreateEnvWithGlobalThreadPools; // 119
    public nint DisablePerSessionThreads; // 120
    public nint CreateThreadingOptions; // 121
    public nint ReleaseThreadingOptions; // 122
    public nint ModelMetadataGetCustomMetadataMapKeys; // 123
    public nint AddFreeDimensionOverrideByName; // 124
    public delegate* unmanaged<byte***, int*, nint> GetAvailableProviders; // 125
    public delegate* unmanaged<byte**, int, nint> ReleaseAvailableProviders; // 126
    public nint GetStringTensorElementLength; // 127
    public nint GetStringTensorElement; // 128
    public nint FillStringTensorElement; // 129
    public delegate* unmanaged<nint, byte*, byte*, nint> AddSessionConfigEntry; // 130
    public nint CreateAllocator; // 131
    public nint ReleaseAllocator; // 132
    public nint RunWithBinding; // 133
    public nint CreateIoBinding; // 134
    public nint ReleaseIoBinding; // 135
    public nint BindInput; // 136
    public nint BindOutput; // 137
    public nint BindOutputToDevice; // 138
    public nint GetBoundOutputNames; // 139
    public nint GetBoundOutputValues; // 140
    public nint ClearBoundInputs; // 141
    public nint ClearBoundOutputs; // 142
    public nint TensorAt; // 143
    public nint CreateAndRegisterAllocator; // 144
    public nint SetLanguageProjection; // 145
    public nint SessionGetProfilingStartTimeNs; // 146
    public nint SetGlobalIntraOpNumThreads; // 147
    public nint SetGlobalInterOpNumThreads; // 148
    public nint SetGlobalSpinControl; // 149
    public nint AddInitializer; // 150
    public nint CreateEnvWithCustomLoggerAndGlobalThreadPools; // 151
    public nint SessionOptionsAppendExecutionProvider_CUDA; // 152
    public nint SessionOptionsAppendExecutionProvider_ROCM; // 153
    public nint SessionOptionsAppendExecutionProvider_OpenVINO; // 154
    public nint SetGlobalDenormalAsZero; // 155
    public nint CreateArenaCfg; // 156
    public nint ReleaseArenaCfg; // 157
    public nint ModelMetadataGetGraphDescription; // 158
    public nint SessionOptionsAppendExecutionProvider_TensorRT; // 159
    public nint SetCurrentGpuDeviceId; // 160
    public nint GetCurrentGpuDeviceId; // 161
    public nint KernelInfoGetAttributeArray_float; // 162
    public nint KernelInfoGetAttributeArray_int64; // 163
    public nint CreateArenaCfgV2; // 164
    public nint AddRunConfigEntry; // 165
    public nint CreatePrepackedWeightsContainer; // 166
    public nint ReleasePrepackedWeightsContainer; // 167
    public nint CreateSessionWithPrepackedWeightsContainer; // 168
    public nint CreateSessionFromArrayWithPrepackedWeightsContainer; // 169
    public nint SessionOptionsAppendExecutionProvider_TensorRT_V2; // 170
    public nint CreateTensorRTProviderOptions; // 171
    public nint UpdateTensorRTProviderOptions; // 172
    public nint GetTensorRTProviderOptionsAsString; // 173
    public nint ReleaseTensorRTProviderOptions; // 174
    public nint EnableOrtCustomOps; // 175
    public nint RegisterAllocator; // 176
    public nint UnregisterAllocator; // 177
    public nint IsSparseTensor; // 178
    public nint CreateSparseTensorAsOrtValue; // 179
    public nint FillSparseTensorCoo; // 180
    public nint FillSparseTensorCsr; // 181
    public nint FillSparseTensorBlockSparse; // 182
    public nint CreateSparseTensorWithValuesAsOrtValue; // 183
    public nint UseCooIndices; // 184
    public nint UseCsrIndices; // 185
    public nint UseBlockSparseIndices; // 186
    public nint GetSparseTensorFormat; // 187
    public nint GetSparseTensorValuesTypeAndShape; // 188
    public nint GetSparseTensorValues; // 189
    public nint GetSparseTensorIndicesTypeShape; // 190
    public nint GetSparseTensorIndices; // 191
    public nint HasValue; // 192
    public nint KernelContext_GetGPUComputeStream; // 193
    public nint GetTensorMemoryInfo; // 194
    public nint GetExecutionProviderApi; // 195
    public nint SessionOptionsSetCustomCreateThreadFn; // 196
    public nint SessionOptionsSetCustomThreadCreationOptions; // 197
    public nint SessionOptionsSetCustomJoinThreadFn; // 198
    public nint SetGlobalCustomCreateThreadFn; // 199
    public nint SetGlobalCustomThreadCreationOptions; // 200
    public nint SetGlobalCustomJoinThreadFn; // 201
    public nint SynchronizeBoundInputs; // 202
    public nint SynchronizeBoundOutputs; // 203
    public delegate* unmanaged<nint, nint, nint> SessionOptionsAppendExecutionProvider_CUDA_V2; // 204
    public delegate* unmanaged<nint*, nint> CreateCUDAProviderOptions; // 205
    public delegate* unmanaged<nint, byte**, byte**, nuint, nint> UpdateCUDAProviderOptions; // 206
    public nint GetCUDAProviderOptionsAsString; // 207
    public delegate* unmanaged<nint, void> ReleaseCUDAProviderOptions; // 208
    public nint SessionOptionsAppendExecutionProvider_MIGraphX; // 209
    public nint AddExternalInitializers; // 210
    public nint CreateOpAttr; // 211
    public nint ReleaseOpAttr; // 212
    public nint CreateOp; // 213
    public nint InvokeOp; // 214
    public nint ReleaseOp; // 215
    public nint SessionOptionsAppendExecutionProvider; // 216
    public nint CopyKernelInfo; // 217
    public nint ReleaseKernelInfo; // 218
    public nint GetTrainingApi; // 219
    public nint SessionOptionsAppendExecutionProvider_CANN; // 220
    public nint CreateCANNProviderOptions; // 221
    public nint UpdateCANNProviderOptions; // 222
    public nint GetCANNProviderOptionsAsString; // 223
    public nint ReleaseCANNProviderOptions; // 224
    public nint MemoryInfoGetDeviceType; // 225
    public nint UpdateEnvWithCustomLogLevel; // 226
    public nint SetGlobalIntraOpThreadAffinity; // 227
    public nint RegisterCustomOpsLibrary_V2; // 228
    public nint RegisterCustomOpsUsingFunction; // 229
    public nint KernelInfo_GetInputCount; // 230
    public nint KernelInfo_GetOutputCount; // 231
    public nint KernelInfo_GetInputName; // 232
    public nint KernelInfo_GetOutputName; // 233
    public nint KernelInfo_GetInputTypeInfo; // 234
    public nint KernelInfo_GetOutputTypeInfo; // 235
    public nint KernelInfoGetAttribute_tensor; // 236
    public nint HasSessionConfigEntry; // 237
    public nint GetSessionConfigEntry; // 238
    public nint SessionOptionsAppendExecutionProvider_Dnnl; // 239
    public nint CreateDnnlProviderOptions; // 240
    public nint UpdateDnnlProviderOptions; // 241
    public nint GetDnnlProviderOptionsAsString; // 242
    public nint ReleaseDnnlProviderOptions; // 243
    public nint KernelInfo_GetNodeName; // 244
    public nint KernelInfo_GetLogger; // 245
    public nint KernelContext_GetLogger; // 246
    public nint Logger_LogMessage; // 247
    public nint Logger_GetLoggingSeverityLevel; // 248
    public nint KernelInfoGetConstantInput_tensor; // 249
    public nint CastTypeInfoToOptionalTypeInfo; // 250
    public nint GetOptionalContainedTypeInfo; // 251
    public nint GetResizedStringTensorElementBuffer; // 252
    public nint KernelContext_GetAllocator; // 253
    public delegate* unmanaged<byte*> GetBuildInfoString; // 254
    public nint CreateROCMProviderOptions; // 255
    public nint UpdateROCMProviderOptions; // 256
    public nint GetROCMProviderOptionsAsString; // 257
    public nint ReleaseROCMProviderOptions; // 258
    public nint CreateAndRegisterAllocatorV2; // 259
    public nint RunAsync; // 260
    public nint UpdateTensorRTProviderOptionsWithValue; // 261
    public nint GetTensorRTProviderOptionsByName; // 262
    public nint UpdateCUDAProviderOptionsWithValue; // 263
    public nint GetCUDAProviderOptionsByName; // 264
    public nint KernelContext_GetResource; // 265
    public nint SetUserLoggingFunction; // 266
    public nint ShapeInferContext_GetInputCount; // 267
    public nint ShapeInferContext_GetInputTypeShape; // 268
    public nint ShapeInferContext_GetAttribute; // 269
    public nint ShapeInferContext_SetOutputTypeShape; // 270
    public nint SetSymbolicDimensions; // 271
    public nint ReadOpAttr; // 272
    public nint SetDeterministicCompute; // 273
    public nint KernelContext_ParallelFor; // 274
    public nint SessionOptionsAppendExecutionProvider_OpenVINO_V2; // 275
    public nint SessionOptionsAppendExecutionProvider_VitisAI; // 276
    public nint KernelContext_GetScratchBuffer; // 277
    public nint KernelInfoGetAllocator; // 278
    public nint AddExternalInitializersFromFilesInMemory; // 279
    public nint CreateLoraAdapter; // 280
    public nint CreateLoraAdapterFromArray; // 281
    public nint ReleaseLoraAdapter; // 282
    public nint RunOptionsAddActiveLoraAdapter; // 283
    public nint SetEpDynamicOptions; // 284
    public nint ReleaseValueInfo; // 285
    public nint ReleaseNode; // 286
    public nint ReleaseGraph; // 287
    public nint ReleaseModel; // 288
    public nint GetValueInfoName; // 289
    public nint GetValueInfoTypeInfo; // 290
    public nint GetModelEditorApi; // 291
    public nint CreateTensorWithDataAndDeleterAsOrtValue; // 292
    public nint SessionOptionsSetLoadCancellationFlag; // 293
    public nint GetCompileApi; // 294
    public nint CreateKeyValuePairs; // 295
    public nint AddKeyValuePair; // 296
    public nint GetKeyValue; // 297
    public nint GetKeyValuePairs; // 298
    public nint RemoveKeyValuePair; // 299
    public nint ReleaseKeyValuePairs; // 300
    public nint RegisterExecutionProviderLibrary; // 301
    public nint UnregisterExecutionProviderLibrary; // 302
    public nint GetEpDevices; // 303
    public nint SessionOptionsAppendExecutionProvider_V2; // 304
    public nint SessionOptionsSetEpSelectionPolicy; // 305
    public nint SessionOptionsSetEpSelectionPolicyDelegate; // 306
    public nint HardwareDevice_Type; // 307
    public nint HardwareDevice_VendorId; // 308
    public nint HardwareDevice_Vendor; // 309
    public nint HardwareDevice_DeviceId; // 310
    public nint HardwareDevice_Metadata; // 311
    public nint EpDevice_EpName; // 312
    public nint EpDevice_EpVendor; // 313
    public nint EpDevice_EpMetadata; // 314
    public nint EpDevice_EpOptions; // 315
    public nint EpDevice_Device; // 316
    public nint GetEpApi; // 317
    public nint GetTensorSizeInBytes; // 318
    public nint AllocatorGetStats; // 319
    public nint CreateMemoryInfo_V2; // 320
    public nint MemoryInfoGetDeviceMemType; // 321
    public nint MemoryInfoGetVendorId; // 322
    public nint ValueInfo_GetValueProducer; // 323
    public nint ValueInfo_GetValueNumConsumers; // 324
    public nint ValueInfo_GetValueConsumers; // 325
    public nint ValueInfo_GetInitializerValue; // 326
    public nint ValueInfo_GetExternalInitializerInfo; // 327
    public nint ValueInfo_IsRequiredGraphInput; // 328
    public nint ValueInfo_IsOptionalGraphInput; // 329
    public nint ValueInfo_IsGraphOutput; // 330
    public nint ValueInfo_IsConstantInitializer; // 331
    public nint ValueInfo_IsFromOuterScope; // 332
    public nint Graph_GetName; // 333
    public nint Graph_GetModelPath; // 334
    public nint Graph_GetOnnxIRVersion; // 335
    public nint Graph_GetNumOperatorSets; // 336
    public nint Graph_GetOperatorSets; // 337
    public nint Graph_GetNumInputs; // 338
    public nint Graph_GetInputs; // 339
    public nint Graph_GetNumOutputs; // 340
    public nint Graph_GetOutputs; // 341
    public nint Graph_GetNumInitializers; // 342
    public nint Graph_GetInitializers; // 343
    public nint Graph_GetNumNodes; // 344
    public nint Graph_GetNodes; // 345
    public nint Graph_GetParentNode; // 346
    public nint Graph_GetGraphView; // 347
    public nint Node_GetId; // 348
    public nint Node_GetName; // 349
    public nint Node_GetOperatorType; // 350
    public nint Node_GetDomain; // 351
    public nint Node_GetSinceVersion; // 352
    public nint Node_GetNumInputs; // 353
    public nint Node_GetInputs; // 354
    public nint Node_GetNumOutputs; // 355
    public nint Node_GetOutputs; // 356
    public nint Node_GetNumImplicitInputs; // 357
    public nint Node_GetImplicitInputs; // 358
    public nint Node_GetNumAttributes; // 359
    public nint Node_GetAttributes; // 360
    public nint Node_GetAttributeByName; // 361
    public nint OpAttr_GetTensorAttributeAsOrtValue; // 362
    public nint OpAttr_GetType; // 363
    public nint OpAttr_GetName; // 364
    public nint Node_GetNumSubgraphs; // 365
    public nint Node_GetSubgraphs; // 366
    public nint Node_GetGraph; // 367
    public nint Node_GetEpName; // 368
    public nint ReleaseExternalInitializerInfo; // 369
    public nint ExternalInitializerInfo_GetFilePath; // 370
    public nint ExternalInitializerInfo_GetFileOffset; // 371
    public nint ExternalInitializerInfo_GetByteSize; // 372
    public nint GetRunConfigEntry; // 373
    public nint EpDevice_MemoryInfo; // 374
    public nint CreateSharedAllocator; // 375
    public nint GetSharedAllocator; // 376
    public nint ReleaseSharedAllocator; // 377
    public nint GetTensorData; // 378
    public nint GetSessionOptionsConfigEntries; // 379
    public nint SessionGetMemoryInfoForInputs; // 380
    public nint SessionGetMemoryInfoForOutputs; // 381
    public nint SessionGetEpDeviceForInputs; // 382
    public nint CreateSyncStreamForEpDevice; // 383
    public nint SyncStream_GetHandle; // 384
    public nint ReleaseSyncStream; // 385
    public nint CopyTensors; // 386
    public nint Graph_GetModelMetadata; // 387
    public nint GetModelCompatibilityForEpDevices; // 388
    public nint CreateExternalInitializerInfo; // 389
    public nint TensorTypeAndShape_HasShape; // 390
    public nint KernelInfo_GetConfigEntries; // 391
    public nint KernelInfo_GetOperatorDomain; // 392
    public nint KernelInfo_GetOperatorType; // 393
    public nint KernelInfo_GetOperatorSinceVersion; // 394
    public nint GetInteropApi; // 395
    public nint SessionGetEpDeviceForOutputs; // 396
    public nint GetNumHardwareDevices; // 397
    public nint GetHardwareDevices; // 398
    public nint GetHardwareDeviceEpIncompatibilityDetails; // 399
    public nint DeviceEpIncompatibilityDetails_GetReasonsBitmask; // 400
    public nint DeviceEpIncompatibilityDetails_GetNotes; // 401
    public nint DeviceEpIncompatibilityDetails_GetErrorCode; // 402
    public nint ReleaseDeviceEpIncompatibilityDetails; // 403
    public nint GetCompatibilityInfoFromModel; // 404
    public nint GetCompatibilityInfoFromModelBytes; // 405
    public nint CreateEnvWithOptions; // 406
    public nint Session_GetEpGraphAssignmentInfo; // 407
    public nint EpAssignedSubgraph_GetEpName; // 408
    public nint EpAssignedSubgraph_GetNodes; // 409
    public nint EpAssignedNode_GetName; // 410
    public nint EpAssignedNode_GetDomain; // 411
    public nint EpAssignedNode_GetOperatorType; // 412
    public nint RunOptionsSetSyncStream; // 413
    public nint GetTensorElementTypeAndShapeDataReference; // 414
    public nint RunOptionsEnableProfiling; // 415
    public nint RunOptionsDisableProfiling; // 416
    public nint KernelInfoGetAttributeArray_string; // 417
    public nint SetPerSessionThreadPoolCallbacks; // 418
    public nint GetMemPatternEnabled; // 419
    public nint GetSessionExecutionMode; // 420
    public nint SessionReleaseCapturedGraph; // 421
    public nint GetExperimentalFunction; // 422
    public nint KernelContext_GetSyncStream; // 423
    public nint SessionOptionsSetWeightlessSourceModelBuffer; // 424
    public nint KernelContext_GetPreallocatedOutput; // 425
}
