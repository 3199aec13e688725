/* dynlib: GDAL and PROJ, loaded when first called instead of when the
 * program starts.
 *
 * libgdal pulls in some 110 shared libraries (HDF5, Poppler, libheif, x265,
 * MySQL, ...); binding them takes the dynamic loader 80-100 ms at every start
 * of the program, and libproj (with libcurl and libtiff) another 20-30 ms —
 * more than a whole map read from the prepared-map cache costs to draw. So the
 * program is not linked against them: the few modules that call GDAL or PROJ
 * (geomstore, gazbuild, gdalerr, export; proj) include this header, which
 * includes the libraries' own headers and then redirects each function they
 * use to a pointer that the first call fills with dlopen/dlsym. A command
 * that never touches GDAL or PROJ (a map from the cache) never loads them.
 *
 * Include this header after every other include of a .c file. A function used
 * but missing from the lists below fails to link (the program is not linked to
 * the library), so the lists cannot silently fall behind the code.
 * If the library cannot be loaded the program stops with exit status 127 and
 * the loader's message, as the dynamic loader itself would at start-up.
 * Thread-safe (pthread_once). */
#ifndef CM_DYNLIB_H
#define CM_DYNLIB_H

#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_string.h>
#include <cpl_vsi.h>
#include <gdal.h>
#include <geodesic.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>
#include <proj.h>

/* Every GDAL and PROJ function the library calls. */
#define CM_GDAL_FUNCS(X) X(CPLErrorReset) X(CPLGetErrorHandlerUserData) X(CPLGetLastErrorMsg) \
    X(CPLGetLastErrorType) X(CPLPopErrorHandler) X(CPLPushErrorHandlerEx) X(CSLDestroy) \
    X(CSLSetNameValue) X(GDALAllRegister) X(GDALClose) X(GDALCreate) X(GDALDatasetCommitTransaction) \
    X(GDALDatasetCreateLayer) X(GDALDatasetGetLayer) X(GDALDatasetGetLayerByName) \
    X(GDALDatasetGetLayerCount) X(GDALDatasetRollbackTransaction) X(GDALDatasetStartTransaction) \
    X(GDALDeleteDataset) X(GDALGetDriverByName) X(GDALOpenEx) X(OCTDestroyCoordinateTransformation) \
    X(OCTNewCoordinateTransformation) X(OGR_FD_GetFieldIndex) X(OGR_F_Create) X(OGR_F_Destroy) \
    X(OGR_F_GetFID) X(OGR_F_GetFieldAsString) X(OGR_F_GetFieldDefnRef) X(OGR_F_GetFieldIndex) \
    X(OGR_F_GetGeometryRef) X(OGR_F_IsFieldSetAndNotNull) X(OGR_F_SetFieldDateTime) \
    X(OGR_F_SetFieldDouble) X(OGR_F_SetFieldInteger) X(OGR_F_SetFieldInteger64) \
    X(OGR_F_SetFieldNull) X(OGR_F_SetFieldString) X(OGR_F_SetGeometryDirectly) X(OGR_Fld_Create) \
    X(OGR_Fld_Destroy) X(OGR_Fld_GetType) X(OGR_Fld_SetSubType) X(OGR_GT_Flatten) X(OGR_G_Area) \
    X(OGR_G_Centroid) X(OGR_G_Clone) X(OGR_G_Contains) X(OGR_G_CreateFromWkt) \
    X(OGR_G_CreateGeometry) X(OGR_G_DestroyGeometry) X(OGR_G_Distance) X(OGR_G_ForceToMultiPolygon) \
    X(OGR_G_GetEnvelope) X(OGR_G_GetGeometryCount) X(OGR_G_GetGeometryRef) X(OGR_G_GetGeometryType) \
    X(OGR_G_GetPointCount) X(OGR_G_GetPoints) X(OGR_G_GetX) X(OGR_G_GetY) X(OGR_G_IsEmpty) \
    X(OGR_G_PointOnSurface) X(OGR_G_SetPoint_2D) X(OGR_G_Transform) X(OGR_L_CreateFeature) \
    X(OGR_L_CreateField) X(OGR_L_GetExtent) X(OGR_L_GetFeatureCount) X(OGR_L_GetLayerDefn) \
    X(OGR_L_GetName) X(OGR_L_GetNextFeature) X(OGR_L_GetSpatialRef) X(OGR_L_ResetReading) \
    X(OGR_L_SetSpatialFilterRect) X(OSRClone) X(OSRDestroySpatialReference) X(OSRImportFromEPSG) \
    X(OSRIsGeographic) X(OSRIsSame) X(OSRNewSpatialReference) X(OSRSetAxisMappingStrategy) \
    X(OSRSetWellKnownGeogCS) X(OGR_G_SetPointCount) X(OGR_G_AddGeometryDirectly) X(OGR_G_IsValid) \
    X(OGR_F_SetGeometry)
#define CM_PROJ_FUNCS(X) X(geod_init) X(geod_inverse) X(proj_context_create) X(proj_context_destroy) \
    X(proj_context_errno) X(proj_context_errno_string) X(proj_context_set_enable_network) \
    X(proj_create) X(proj_create_crs_to_crs_from_pj) X(proj_destroy) X(proj_errno_reset) \
    X(proj_get_name) X(proj_get_type) X(proj_is_crs) X(proj_log_func) \
    X(proj_normalize_for_visualization) X(proj_trans_generic)

#define CM_DYNLIB_FIELD(name) __typeof__(name) *name;
typedef struct {
    CM_GDAL_FUNCS(CM_DYNLIB_FIELD)
} cm_gdal_fns;
typedef struct {
    CM_PROJ_FUNCS(CM_DYNLIB_FIELD)
} cm_proj_fns;
#undef CM_DYNLIB_FIELD

/* The loaded functions (loads the library on the first call). */
const cm_gdal_fns *cm_gdal_fn(void);
const cm_proj_fns *cm_proj_fn(void);

#ifndef CM_DYNLIB_IMPL
#define CPLErrorReset (cm_gdal_fn()->CPLErrorReset)
#define CPLGetErrorHandlerUserData (cm_gdal_fn()->CPLGetErrorHandlerUserData)
#define CPLGetLastErrorMsg (cm_gdal_fn()->CPLGetLastErrorMsg)
#define CPLGetLastErrorType (cm_gdal_fn()->CPLGetLastErrorType)
#define CPLPopErrorHandler (cm_gdal_fn()->CPLPopErrorHandler)
#define CPLPushErrorHandlerEx (cm_gdal_fn()->CPLPushErrorHandlerEx)
#define CSLDestroy (cm_gdal_fn()->CSLDestroy)
#define CSLSetNameValue (cm_gdal_fn()->CSLSetNameValue)
#define GDALAllRegister (cm_gdal_fn()->GDALAllRegister)
#define GDALClose (cm_gdal_fn()->GDALClose)
#define GDALCreate (cm_gdal_fn()->GDALCreate)
#define GDALDatasetCommitTransaction (cm_gdal_fn()->GDALDatasetCommitTransaction)
#define GDALDatasetCreateLayer (cm_gdal_fn()->GDALDatasetCreateLayer)
#define GDALDatasetGetLayer (cm_gdal_fn()->GDALDatasetGetLayer)
#define GDALDatasetGetLayerByName (cm_gdal_fn()->GDALDatasetGetLayerByName)
#define GDALDatasetGetLayerCount (cm_gdal_fn()->GDALDatasetGetLayerCount)
#define GDALDatasetRollbackTransaction (cm_gdal_fn()->GDALDatasetRollbackTransaction)
#define GDALDatasetStartTransaction (cm_gdal_fn()->GDALDatasetStartTransaction)
#define GDALDeleteDataset (cm_gdal_fn()->GDALDeleteDataset)
#define GDALGetDriverByName (cm_gdal_fn()->GDALGetDriverByName)
#define GDALOpenEx (cm_gdal_fn()->GDALOpenEx)
#define OCTDestroyCoordinateTransformation (cm_gdal_fn()->OCTDestroyCoordinateTransformation)
#define OCTNewCoordinateTransformation (cm_gdal_fn()->OCTNewCoordinateTransformation)
#define OGR_FD_GetFieldIndex (cm_gdal_fn()->OGR_FD_GetFieldIndex)
#define OGR_F_Create (cm_gdal_fn()->OGR_F_Create)
#define OGR_F_Destroy (cm_gdal_fn()->OGR_F_Destroy)
#define OGR_F_GetFID (cm_gdal_fn()->OGR_F_GetFID)
#define OGR_F_GetFieldAsString (cm_gdal_fn()->OGR_F_GetFieldAsString)
#define OGR_F_GetFieldDefnRef (cm_gdal_fn()->OGR_F_GetFieldDefnRef)
#define OGR_F_GetFieldIndex (cm_gdal_fn()->OGR_F_GetFieldIndex)
#define OGR_F_GetGeometryRef (cm_gdal_fn()->OGR_F_GetGeometryRef)
#define OGR_F_IsFieldSetAndNotNull (cm_gdal_fn()->OGR_F_IsFieldSetAndNotNull)
#define OGR_F_SetFieldDateTime (cm_gdal_fn()->OGR_F_SetFieldDateTime)
#define OGR_F_SetFieldDouble (cm_gdal_fn()->OGR_F_SetFieldDouble)
#define OGR_F_SetFieldInteger (cm_gdal_fn()->OGR_F_SetFieldInteger)
#define OGR_F_SetFieldInteger64 (cm_gdal_fn()->OGR_F_SetFieldInteger64)
#define OGR_F_SetFieldNull (cm_gdal_fn()->OGR_F_SetFieldNull)
#define OGR_F_SetFieldString (cm_gdal_fn()->OGR_F_SetFieldString)
#define OGR_F_SetGeometryDirectly (cm_gdal_fn()->OGR_F_SetGeometryDirectly)
#define OGR_Fld_Create (cm_gdal_fn()->OGR_Fld_Create)
#define OGR_Fld_Destroy (cm_gdal_fn()->OGR_Fld_Destroy)
#define OGR_Fld_GetType (cm_gdal_fn()->OGR_Fld_GetType)
#define OGR_Fld_SetSubType (cm_gdal_fn()->OGR_Fld_SetSubType)
#define OGR_GT_Flatten (cm_gdal_fn()->OGR_GT_Flatten)
#define OGR_G_Area (cm_gdal_fn()->OGR_G_Area)
#define OGR_G_Centroid (cm_gdal_fn()->OGR_G_Centroid)
#define OGR_G_Clone (cm_gdal_fn()->OGR_G_Clone)
#define OGR_G_SetPointCount (cm_gdal_fn()->OGR_G_SetPointCount)
#define OGR_G_AddGeometryDirectly (cm_gdal_fn()->OGR_G_AddGeometryDirectly)
#define OGR_G_IsValid (cm_gdal_fn()->OGR_G_IsValid)
#define OGR_F_SetGeometry (cm_gdal_fn()->OGR_F_SetGeometry)
#define OGR_G_Contains (cm_gdal_fn()->OGR_G_Contains)
#define OGR_G_CreateFromWkt (cm_gdal_fn()->OGR_G_CreateFromWkt)
#define OGR_G_CreateGeometry (cm_gdal_fn()->OGR_G_CreateGeometry)
#define OGR_G_DestroyGeometry (cm_gdal_fn()->OGR_G_DestroyGeometry)
#define OGR_G_Distance (cm_gdal_fn()->OGR_G_Distance)
#define OGR_G_ForceToMultiPolygon (cm_gdal_fn()->OGR_G_ForceToMultiPolygon)
#define OGR_G_GetEnvelope (cm_gdal_fn()->OGR_G_GetEnvelope)
#define OGR_G_GetGeometryCount (cm_gdal_fn()->OGR_G_GetGeometryCount)
#define OGR_G_GetGeometryRef (cm_gdal_fn()->OGR_G_GetGeometryRef)
#define OGR_G_GetGeometryType (cm_gdal_fn()->OGR_G_GetGeometryType)
#define OGR_G_GetPointCount (cm_gdal_fn()->OGR_G_GetPointCount)
#define OGR_G_GetPoints (cm_gdal_fn()->OGR_G_GetPoints)
#define OGR_G_GetX (cm_gdal_fn()->OGR_G_GetX)
#define OGR_G_GetY (cm_gdal_fn()->OGR_G_GetY)
#define OGR_G_IsEmpty (cm_gdal_fn()->OGR_G_IsEmpty)
#define OGR_G_PointOnSurface (cm_gdal_fn()->OGR_G_PointOnSurface)
#define OGR_G_SetPoint_2D (cm_gdal_fn()->OGR_G_SetPoint_2D)
#define OGR_G_Transform (cm_gdal_fn()->OGR_G_Transform)
#define OGR_L_CreateFeature (cm_gdal_fn()->OGR_L_CreateFeature)
#define OGR_L_CreateField (cm_gdal_fn()->OGR_L_CreateField)
#define OGR_L_GetExtent (cm_gdal_fn()->OGR_L_GetExtent)
#define OGR_L_GetFeatureCount (cm_gdal_fn()->OGR_L_GetFeatureCount)
#define OGR_L_GetLayerDefn (cm_gdal_fn()->OGR_L_GetLayerDefn)
#define OGR_L_GetName (cm_gdal_fn()->OGR_L_GetName)
#define OGR_L_GetNextFeature (cm_gdal_fn()->OGR_L_GetNextFeature)
#define OGR_L_GetSpatialRef (cm_gdal_fn()->OGR_L_GetSpatialRef)
#define OGR_L_ResetReading (cm_gdal_fn()->OGR_L_ResetReading)
#define OGR_L_SetSpatialFilterRect (cm_gdal_fn()->OGR_L_SetSpatialFilterRect)
#define OSRClone (cm_gdal_fn()->OSRClone)
#define OSRDestroySpatialReference (cm_gdal_fn()->OSRDestroySpatialReference)
#define OSRImportFromEPSG (cm_gdal_fn()->OSRImportFromEPSG)
#define OSRIsGeographic (cm_gdal_fn()->OSRIsGeographic)
#define OSRIsSame (cm_gdal_fn()->OSRIsSame)
#define OSRNewSpatialReference (cm_gdal_fn()->OSRNewSpatialReference)
#define OSRSetAxisMappingStrategy (cm_gdal_fn()->OSRSetAxisMappingStrategy)
#define OSRSetWellKnownGeogCS (cm_gdal_fn()->OSRSetWellKnownGeogCS)
#define geod_init (cm_proj_fn()->geod_init)
#define geod_inverse (cm_proj_fn()->geod_inverse)
#define proj_context_create (cm_proj_fn()->proj_context_create)
#define proj_context_destroy (cm_proj_fn()->proj_context_destroy)
#define proj_context_errno (cm_proj_fn()->proj_context_errno)
#define proj_context_errno_string (cm_proj_fn()->proj_context_errno_string)
#define proj_context_set_enable_network (cm_proj_fn()->proj_context_set_enable_network)
#define proj_create (cm_proj_fn()->proj_create)
#define proj_create_crs_to_crs_from_pj (cm_proj_fn()->proj_create_crs_to_crs_from_pj)
#define proj_destroy (cm_proj_fn()->proj_destroy)
#define proj_errno_reset (cm_proj_fn()->proj_errno_reset)
#define proj_get_name (cm_proj_fn()->proj_get_name)
#define proj_get_type (cm_proj_fn()->proj_get_type)
#define proj_is_crs (cm_proj_fn()->proj_is_crs)
#define proj_log_func (cm_proj_fn()->proj_log_func)
#define proj_normalize_for_visualization (cm_proj_fn()->proj_normalize_for_visualization)
#define proj_trans_generic (cm_proj_fn()->proj_trans_generic)
#endif

#endif
