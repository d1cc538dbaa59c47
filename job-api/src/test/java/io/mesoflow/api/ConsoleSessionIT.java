package io.mesoflow.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import io.mesoflow.testing.MesoflowTestResource;
import io.mesoflow.testing.TestInfra;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The web console's session over plain HTTP: the login cookie (HttpOnly, SameSite=Strict, the token
 * never in a URL, Secure behind a proxy that terminated HTTPS), the API accepting it, the console
 * header that changes made with it need (CSRF),
 * logout, the console's security headers and the jobs list's name search.
 */
@QuarkusTest
@WithTestResource(MesoflowTestResource.class)
class ConsoleSessionIT {
    static final String COOKIE = "mesoflow_console";
    static final String SPEC = """
            {"name": "%s", "artifactUrl": "file:///opt/train.py", "entryPoint": "python3 train.py",
             "roles": {"worker": {"count": 1, "cpus": 0.5, "mem": 256}}}
            """;

    static RequestSpecification admin() {
        return given().header("Authorization", "Bearer " + TestInfra.ADMIN_TOKEN).contentType("application/json");
    }

    static Response login(String token) {
        return given().redirects().follow(false).contentType("application/x-www-form-urlencoded")
                .formParam("token", token).post("/console/login");
    }

    static String submit(String name) {
        return admin().body(SPEC.formatted(name)).post("/api/v1/jobs").then().statusCode(201).extract().path("id");
    }

    @Test
    void aValidTokenLogsInWithAnHttpOnlyStrictCookieAndTheTokenInNoUrl() {
        Response response = login(TestInfra.ADMIN_TOKEN);
        response.then().statusCode(303).header("Location", startsWith("http")).header("Location",
                containsString("/console/"));
        assertThat(response.getHeader("Location")).doesNotContain(TestInfra.ADMIN_TOKEN);
        String setCookie = response.getHeader("Set-Cookie");
        assertThat(setCookie).startsWith(COOKIE + "=").contains("HttpOnly").containsIgnoringCase("SameSite=Strict")
                .contains("Path=/");
        given().cookie(COOKIE, response.getCookie(COOKIE)).get("/api/v1/whoami").then().statusCode(200)
                .body("admin", equalTo(true));
    }

    @Test
    void theCookieIsSecureWhenTheProxyInFrontSaysTheBrowserSpokeHttps() {
        assertThat(login(TestInfra.ADMIN_TOKEN).getHeader("Set-Cookie")).doesNotContainPattern("(?i);\\s*Secure");
        Response proxied = given().redirects().follow(false).header("X-Forwarded-Proto", "https")
                .contentType("application/x-www-form-urlencoded").formParam("token", TestInfra.ADMIN_TOKEN)
                .post("/console/login");
        proxied.then().statusCode(303);
        assertThat(proxied.getHeader("Set-Cookie")).startsWith(COOKIE + "=").containsPattern("(?i);\\s*Secure");
        Response logout = given().redirects().follow(false).header("Forwarded", "for=10.0.0.1;proto=https")
                .post("/console/logout");
        assertThat(logout.getHeader("Set-Cookie")).contains("Max-Age=0").containsPattern("(?i);\\s*Secure");
    }

    @Test
    void anUnknownTokenGoesBackToTheLoginFormWithoutACookie() {
        Response response = login("mf_not-a-token");
        response.then().statusCode(303).header("Location", containsString("/console/login.html?error=token"));
        assertThat(response.getHeader("Location")).doesNotContain("mf_not-a-token");
        assertThat(response.getHeader("Set-Cookie")).isNull();
        given().cookie(COOKIE, "mf_not-a-token").get("/api/v1/jobs").then().statusCode(401)
                .contentType(startsWith("application/problem+json"));
    }

    @Test
    void aChangeMadeWithTheCookieNeedsTheConsoleHeaderABearerTokenDoesNot() {
        String cookie = login(TestInfra.ADMIN_TOKEN).getCookie(COOKIE);
        String id = submit("csrf");

        given().cookie(COOKIE, cookie).contentType("application/json").body("{}").post("/api/v1/jobs/" + id + "/cancel")
                .then().statusCode(403).contentType(startsWith("application/problem+json"))
                .body("errors.field", hasItem("X-Mesoflow-Console"));
        given().cookie(COOKIE, cookie).contentType("application/merge-patch+json").body("{\"context\": {\"lr\": 1}}")
                .patch("/api/v1/jobs/" + id).then().statusCode(403);
        admin().get("/api/v1/jobs/" + id).then().body("revision", equalTo(1));

        given().cookie(COOKIE, cookie).header("X-Mesoflow-Console", "1").contentType("application/json").body("{}")
                .post("/api/v1/jobs/" + id + "/cancel").then().statusCode(202);
        admin().body("{}").post("/api/v1/jobs/" + submit("bearer") + "/cancel").then().statusCode(202);
    }

    @Test
    void aLoginPostedFromAnotherSiteIsRefused() {
        given().redirects().follow(false).header("Origin", "https://evil.example")
                .contentType("application/x-www-form-urlencoded").formParam("token", TestInfra.ADMIN_TOKEN)
                .post("/console/login").then().statusCode(403).header("Set-Cookie", org.hamcrest.Matchers.nullValue());
    }

    @Test
    void logoutClearsTheCookie() {
        Response response = given().redirects().follow(false).post("/console/logout");
        response.then().statusCode(303).header("Location", containsString("/console/login.html"));
        assertThat(response.getHeader("Set-Cookie")).startsWith(COOKIE + "=;").contains("Max-Age=0");
    }

    @Test
    void theConsolesPagesAreServedWithAStrictContentSecurityPolicy() {
        for (String page : List.of("/console/", "/console/login.html", "/console/job.html", "/console/queue.html",
                "/console/teams.html")) {
            given().get(page).then().statusCode(200).contentType(startsWith("text/html"))
                    .header("Content-Security-Policy", containsString("default-src 'self'"))
                    .header("Content-Security-Policy", containsString("frame-ancestors 'none'"))
                    .body(not(containsString(TestInfra.ADMIN_TOKEN)));
        }
    }

    @Test
    void theJobsListSearchesNamesAndIdsInAnyCase() {
        String marker = "zebra" + Long.toHexString(System.nanoTime());
        String found = submit(marker + "-resnet");
        submit("other-" + Long.toHexString(System.nanoTime()));
        admin().queryParam("name", marker.toUpperCase()).get("/api/v1/jobs").then().statusCode(200)
                .body("id", equalTo(List.of(found)));
        admin().queryParam("name", found.substring(found.length() - 6)).get("/api/v1/jobs").then()
                .body("id", hasItem(found));
        admin().queryParam("name", "x".repeat(201)).get("/api/v1/jobs").then().statusCode(400)
                .body("errors.field", hasItem("name"));
    }
}
