// The library product evaluation code imports: the model and logic, and the file and archive layer.
@_exported import HarmAtlasCore
@_exported import HarmAtlasIO
