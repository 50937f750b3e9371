'use strict';
const passport = require('passport');
const GoogleStrategy = require('passport-google-oauth20').Strategy;
const GitHubStrategy = require('passport-github2').Strategy;

passport.use(new GoogleStrategy({
  clientID: '418274650123-8f2k3l4m5n6o7p8q9r0s1t2u3v4w5x6y.apps.googleusercontent.com',
  clientSecret: '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', // vuln: secret
  callbackURL: 'https://billing.example.com/auth/google/callback',
}, (accessToken, refreshToken, profile, done) => done(null, { id: profile.id })));

passport.use(new GitHubStrategy({
  clientID: process.env.GITHUB_CLIENT_ID,
  clientSecret: process.env.GITHUB_CLIENT_SECRET, // safe: secret
  callbackURL: 'https://billing.example.com/auth/github/callback',
}, (accessToken, refreshToken, profile, done) => done(null, { id: profile.id })));

module.exports = passport;
