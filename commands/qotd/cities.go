package qotd

// cityZones maps cities people type that are not the city of a zone name to
// their zone. Curated by hand, not generated: the cities of South Korea
// with more than about 200 000 people (Statistics Korea's city list), in
// current and older romanizations, since the film's audience starts there;
// then large cities elsewhere that people often type, each well inside one
// zone of zone.tab (a country with one zone, or far from a zone boundary),
// so the zone is not a guess. Keys are folded as foldZone folds.
func cityZones() map[string]string {
	zones := map[string]string{}
	add := func(zone string, cities ...string) {
		for _, c := range cities {
			zones[c] = zone
		}
	}
	add("Asia/Seoul",
		"busan", "pusan", "incheon", "inchon", "daegu", "taegu", "daejeon", "taejon", "gwangju", "kwangju",
		"ulsan", "suwon", "sejong", "changwon", "goyang", "yongin", "seongnam", "bucheon", "cheongju",
		"ansan", "hwaseong", "jeonju", "cheonan", "namyangju", "gimhae", "pohang", "pyeongtaek", "uijeongbu",
		"siheung", "paju", "gimpo", "gumi", "anyang", "wonju", "jinju", "gangneung", "chuncheon", "gyeongju",
		"mokpo", "yeosu", "suncheon", "andong", "jeju", "jeju city", "seogwipo", "gwangmyeong", "hanam",
		"gunpo", "yangsan", "geoje", "iksan", "osan", "gunsan", "dongducheon", "icheon", "chungju")
	add("Asia/Tokyo", "osaka", "kyoto", "yokohama", "nagoya", "sapporo", "fukuoka", "kobe", "hiroshima", "sendai")
	add("Asia/Shanghai", "beijing", "peking", "guangzhou", "shenzhen", "chengdu", "wuhan", "hangzhou", "nanjing", "tianjin", "xian")
	add("Asia/Kolkata", "mumbai", "bombay", "delhi", "new delhi", "bangalore", "bengaluru", "chennai", "madras", "hyderabad", "pune", "calcutta")
	add("Asia/Ho_Chi_Minh", "hanoi", "saigon", "da nang")
	add("America/New_York", "washington dc", "boston", "philadelphia", "miami", "atlanta", "baltimore", "pittsburgh", "orlando", "charlotte", "brooklyn", "manhattan")
	add("America/Chicago", "houston", "dallas", "austin", "san antonio", "new orleans", "minneapolis", "kansas city", "nashville")
	add("America/Denver", "salt lake city", "albuquerque")
	add("America/Los_Angeles", "san francisco", "seattle", "san diego", "las vegas", "san jose", "sacramento", "oakland")
	add("America/Toronto", "montreal", "ottawa", "quebec")
	add("Europe/Berlin", "munich", "hamburg", "frankfurt", "cologne", "stuttgart", "dusseldorf")
	add("Europe/London", "manchester", "birmingham", "edinburgh", "glasgow", "liverpool", "cardiff")
	add("Europe/Paris", "lyon", "marseille", "nice", "toulouse")
	add("Europe/Madrid", "barcelona", "valencia", "seville")
	add("Europe/Rome", "milan", "naples", "florence", "venice", "turin")
	add("Australia/Sydney", "canberra")
	return zones
}
