import Foundation
import Testing

@testable import KrakenIngest

/// Times users type, unix milliseconds, and the clocks.
@Suite("Time")
enum TimeTests {
    /// 2024-07-01T00:00:00Z.
    static let july1: Int64 = 1_719_792_000
    /// 2024-07-01T12:30:00Z.
    static let july1HalfPastNoon: Int64 = july1 + 12 * 3600 + 30 * 60

    /// The usage message `TimeInput.parse` throws for `text`; nil (with an issue) when it parses or throws otherwise.
    static func refusal(_ text: String, flag: String = "--start") -> String? {
        do {
            let parsed = try TimeInput.parse(text, flag: flag)
            Issue.record("'\(text)' parsed as \(parsed)")
        } catch KrakenIngestError.usage(let message) {
            return message
        } catch {
            Issue.record("'\(text)' threw \(error), not a usage error")
        }
        return nil
    }
}

// MARK: - TimeInput

extension TimeTests {
    @Suite("Time input")
    struct Input {
        @Test(
            "ISO-8601 dates and times, with or without seconds, fractions and zones",
            arguments: [
                ("2024-07-01", july1 * 1000),
                ("2024-07-01T12:30", july1HalfPastNoon * 1000),
                ("2024-07-01T12:30:00", july1HalfPastNoon * 1000),
                ("2024-07-01T12:30:00Z", july1HalfPastNoon * 1000),
                ("2024-07-01T12:30:15Z", (july1HalfPastNoon + 15) * 1000),
                ("2024-07-01T12:30:15.5Z", (july1HalfPastNoon + 15) * 1000 + 500),
                ("2024-07-01T12:30:15.25", (july1HalfPastNoon + 15) * 1000 + 250),
                ("2024-07-01T12:30:15,125Z", (july1HalfPastNoon + 15) * 1000 + 125),
                ("2024-07-01T12:30:15.123456Z", (july1HalfPastNoon + 15) * 1000 + 123),
                ("2024-07-01T14:30:00+02:00", july1HalfPastNoon * 1000),
                ("2024-07-01T14:30+02", july1HalfPastNoon * 1000),
                ("2024-07-01T07:00:00-0530", july1HalfPastNoon * 1000),
                ("2024-07-01T07:00:00-05:30", july1HalfPastNoon * 1000),
                ("2024-07-02T00:00:00+11:30", july1HalfPastNoon * 1000),
                ("2024-07-01t12:30:00z", july1HalfPastNoon * 1000),
                ("2024-07-01 12:30:00", july1HalfPastNoon * 1000),
                ("  2024-07-01T12:30:00Z ", july1HalfPastNoon * 1000),
                ("2024-02-29", 1_709_164_800_000),
                ("1970-01-01", 0),
                ("9999-12-31T23:59:59Z", 253_402_300_799_000),
            ] as [(String, Int64)])
        func iso(text: String, millis: Int64) throws {
            #expect(try TimeInput.parse(text) == UnixMillis(millis))
        }

        @Test(
            "bare numbers: 9–10 digits are seconds, 12–13 digits milliseconds; s and ms say which",
            arguments: [
                ("1719792000", july1 * 1000),
                ("1719792000123", july1 * 1000 + 123),
                ("1719792000s", july1 * 1000),
                ("1719792000123ms", july1 * 1000 + 123),
                ("123456789", 123_456_789_000),
                ("100000000000", 100_000_000_000),
                ("2024s", 2_024_000),
                ("5000ms", 5_000),
                ("0s", 0),
                (" 1719792000 ", july1 * 1000),
            ] as [(String, Int64)])
        func numbers(text: String, millis: Int64) throws {
            #expect(try TimeInput.parse(text) == UnixMillis(millis))
        }

        @Test("a bare year is refused with a hint to write a date")
        func year() throws {
            let message = try #require(TimeTests.refusal("2024"))
            #expect(message.contains("'2024'"))
            #expect(message.contains("looks like a year"))
            #expect(message.contains("2024-01-01"))
            #expect(message.hasPrefix("--start "), "the message names the flag")
        }

        @Test(
            "numbers between the seconds and milliseconds lengths are refused as ambiguous",
            arguments: ["17197920001", "12345678", "1", "17197920001234"])
        func ambiguous(text: String) throws {
            let message = try #require(TimeTests.refusal(text))
            #expect(message.contains("ambiguous"))
            #expect(message.contains("add s or ms"))
        }

        @Test(
            "text that is no time is refused with what is accepted",
            arguments: [
                "garbage", "", "   ", "-1719792000", "2024-07", "2024-7-01", "2024-07-01T", "2024-07-01T12",
                "2024-07-01T24:00", "2024-07-01T12:60", "2024-07-01T12:30:60", "2024-07-01T12:30:00.",
                "2024-07-01T12:30:00+24:00", "2024-07-01T12:30:00+02:60", "2024-07-01T12:30:00+2",
                "2024-07-01T12:30:00Zx", "2024-07-01T12:30:00 +02:00", "2024-07-01Z", "1719792000S",
                "ms", "s", "10000-01-01", "٢٠٢٤-07-01",
            ])
        func garbage(text: String) throws {
            let message = try #require(TimeTests.refusal(text))
            #expect(message.contains("is not a time"))
            #expect(message.contains(TimeInput.accepted))
        }

        @Test(
            "dates that do not exist are refused",
            arguments: [
                "2024-02-30", "2023-02-29", "2024-04-31", "2024-13-01", "2024-00-10", "2024-01-00",
                "2024-01-32",
            ])
        func invalidDates(text: String) throws {
            let message = try #require(TimeTests.refusal(text))
            #expect(message.contains("is not a time"))
        }

        @Test(
            "times outside 1970 to 9999 are refused",
            arguments: [
                "1969-12-31", "1969-12-31T23:59:59.999Z", "1970-01-01T00:00:00+01:00", "0000-01-01",
                "99999999999999s", "999999999999999ms",
            ])
        func outOfRange(text: String) throws {
            let message = try #require(TimeTests.refusal(text))
            #expect(message.contains("outside the years 1970 to 9999"))
        }

        @Test("numbers too long to be a time are refused")
        func tooLarge() throws {
            let message = try #require(TimeTests.refusal("1234567890123456"))
            #expect(message.contains("too large"))
        }

        @Test("the flag defaults to 'time' in messages; UTCTime.parse gives seconds or nil")
        func defaults() {
            #expect(TimeTests.refusal("2024", flag: "time")?.hasPrefix("time '2024'") == true)
            #expect(UTCTime.parse("2024-07-01T12:30:00.999Z") == july1HalfPastNoon)
            #expect(UTCTime.parse("2024") == nil)
            #expect(UTCTime.parse("nope") == nil)
        }
    }
}

// MARK: - UnixMillis

extension TimeTests {
    @Suite("Unix milliseconds")
    struct Millis {
        @Test(
            "seconds round down, also before 1970",
            arguments: [
                (0, 0), (999, 0), (1000, 1), (1999, 1), (-1, -1), (-999, -1), (-1000, -1), (-1001, -2),
                (-2000, -2),
            ] as [(Int64, Int64)])
        func seconds(millis: Int64, seconds: Int64) {
            #expect(UnixMillis(millis).seconds == seconds)
        }

        @Test(
            "iso formats UTC with three millisecond digits",
            arguments: [
                (1_704_067_200_123, "2024-01-01T00:00:00.123Z"),
                (1_704_067_200_000, "2024-01-01T00:00:00.000Z"), (5, "1970-01-01T00:00:00.005Z"),
                (60_050, "1970-01-01T00:01:00.050Z"),
                (-1, "1969-12-31T23:59:59.999Z"), (-1_500, "1969-12-31T23:59:58.500Z"),
                (253_402_300_799_999, "9999-12-31T23:59:59.999Z"),
            ] as [(Int64, String)])
        func iso(millis: Int64, text: String) {
            #expect(UnixMillis(millis).iso == text)
            #expect(UnixMillis(millis).description == text)
        }

        @Test("seconds, ordering, adding and round trips")
        func arithmetic() throws {
            #expect(UnixMillis(seconds: 1_704_067_200).value == 1_704_067_200_000)
            #expect(UnixMillis(seconds: -3).value == -3_000)
            #expect(UnixMillis(1) < UnixMillis(2))
            #expect(UnixMillis(-5) < UnixMillis(0))
            #expect(UnixMillis(1_000).adding(seconds: 1.5) == UnixMillis(2_500))
            #expect(UnixMillis(1_000).adding(seconds: -0.25) == UnixMillis(750))
            #expect(UnixMillis(1_000).adding(seconds: 0.0004) == UnixMillis(1_000), "rounds to the millisecond")
            let t = UnixMillis(1_719_837_015_042)
            #expect(try TimeInput.parse(t.iso) == t, "iso parses back to the same instant")
            let data = try JSONEncoder().encode(t)
            #expect(try JSONDecoder().decode(UnixMillis.self, from: data) == t)
        }
    }
}

// MARK: - Clocks

extension TimeTests {
    @Suite("Clocks")
    struct Clocks {
        @Test("a manual clock's sleep returns at once, advances the time and records the wait")
        func manualSleep() async throws {
            let clock = ManualClock(seconds: july1)
            let started = ContinuousClock.now
            try await clock.sleep(seconds: 3_600)
            try await clock.sleep(seconds: 0.25)
            try await clock.sleep(seconds: -5)
            #expect(ContinuousClock.now - started < .seconds(1), "no real waiting")
            #expect(clock.sleeps == [3_600, 0.25, -5])
            #expect(clock.now() == UnixMillis((july1 + 3_600) * 1000 + 250), "a negative wait does not go back")
            #expect(clock.nowSeconds == july1 + 3_600)
        }

        @Test("advance and set move a manual clock without recording sleeps")
        func manualMoves() {
            let clock = ManualClock(now: UnixMillis(seconds: july1))
            let start = clock.now()
            clock.advance(seconds: 90)
            #expect(clock.nowSeconds == july1 + 90)
            #expect(clock.secondsSince(start) == 90)
            clock.advance(seconds: -30)
            #expect(clock.nowSeconds == july1 + 60)
            clock.set(UnixMillis(42_123))
            #expect(clock.now() == UnixMillis(42_123))
            #expect(clock.nowSeconds == 42)
            #expect(clock.sleeps == [])
        }

        @Test("a cancelled sleep throws and neither records nor advances")
        func manualCancelled() async throws {
            let clock = ManualClock(seconds: july1)
            let task = Task {
                withUnsafeCurrentTask { $0?.cancel() }
                try await clock.sleep(seconds: 60)
            }
            await #expect(throws: CancellationError.self) { try await task.value }
            #expect(clock.sleeps == [])
            #expect(clock.nowSeconds == july1)
        }

        @Test("the system clock reads the machine's time and really sleeps")
        func system() async throws {
            let clock = SystemClock()
            let expected = Int64(Date().timeIntervalSince1970 * 1000)
            #expect(abs(clock.now().value - expected) < 2_000)
            #expect(abs(clock.nowSeconds - Int64(Date().timeIntervalSince1970)) <= 2)
            let start = clock.now()
            let started = ContinuousClock.now
            try await clock.sleep(seconds: 0.02)
            #expect(ContinuousClock.now - started >= .milliseconds(19))
            #expect(clock.secondsSince(start) >= 0.015)
            try await clock.sleep(seconds: 0)
            try await clock.sleep(seconds: -1)
        }
    }
}
